/**
 * The deterministic discrete-event simulator: N real consensus nodes in one JVM over a seeded link
 * model (latency ranges, bandwidth, loss, duplication, reordering, partitions), crash-restarts from
 * the vote log, Byzantine behaviours, and the safety, validity and liveness checks applied to every
 * run; plus the finality benchmark built on it.
 */
package network.pot.consensus.sim;
