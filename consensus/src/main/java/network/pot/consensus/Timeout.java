package network.pot.consensus;

/** A timer that expired: it acts only if the node is still at that height and round. */
public record Timeout(Kind kind, long height, int round) {
  /** What the timer was waiting for. */
  public enum Kind {
    /** A proposal: on expiry the node prevotes nil. */
    PROPOSE,
    /** A prevote quorum for one block: on expiry the node precommits nil. */
    PREVOTE,
    /** A precommit quorum for one block: on expiry the node moves to the next round. */
    PRECOMMIT,
    /**
     * Any progress in this round: on expiry the node re-sends what it signed in the round, since
     * the network may have lost it (the algorithm assumes eventual delivery).
     */
    RETRANSMIT,
    /** The block interval after entering a height: on expiry the round-0 proposer proposes. */
    BUILD
  }
}
