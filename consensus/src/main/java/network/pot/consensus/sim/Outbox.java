package network.pot.consensus.sim;

/** The simulator's side of a node's network: puts one message on one link. */
interface Outbox {
  /** Sends {@code bytes} from {@code from} to {@code to}, held back {@code extraDelay} µs first. */
  void post(int from, int to, byte[] bytes, long extraDelay);
}
