/** Running a consensus node on real time: one consensus thread, one event queue, timers. */
package network.pot.consensus.runtime;
