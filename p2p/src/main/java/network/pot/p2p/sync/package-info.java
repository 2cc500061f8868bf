/** Block sync: opaque blocks by height, fetched in parallel ranges and imported in order. */
package network.pot.p2p.sync;
