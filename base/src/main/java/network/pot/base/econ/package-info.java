/**
 * Integer payout arithmetic shared by the protocol and the ledger: {@link
 * network.pot.base.econ.RoundRewards} splits a collaborative task's escrow into round shares and a
 * round's share by verified steps, exactly, in base units.
 */
package network.pot.base.econ;
