/**
 * Policies about peers: rate limits, scores and bans (time injected), the address book and peer
 * exchange.
 */
package network.pot.p2p.peer;
