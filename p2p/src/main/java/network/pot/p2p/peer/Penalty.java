package network.pot.p2p.peer;

/**
 * Misbehaviour a peer can be scored for, with its weight. A score of {@link PeerScores#BAN_SCORE}
 * or lower bans the peer, so weight 100 bans at once.
 */
public enum Penalty {
  /** Bytes that are not a valid frame or handshake: garbage, forged or oversize. */
  GARBAGE(100),
  /** A well-formed message that its handler found invalid (bad signature, bad transaction). */
  INVALID_MESSAGE(25),
  /** A block that failed verification during sync. */
  INVALID_BLOCK(50),
  /** A blob chunk or manifest that does not match its hash. */
  CORRUPT_CHUNK(50),
  /**
   * Content served under a key it does not match (the key's hash, a spec that names another id): a
   * provable lie, since an honest peer serves only content it checked against the key. Bans at
   * once.
   */
  WRONG_CONTENT(100),
  /** A message over the peer's rate limit (dropped). */
  RATE_LIMITED(5),
  /** A request that was not answered in time. */
  TIMEOUT(2);

  private final int weight;

  Penalty(int weight) {
    this.weight = weight;
  }

  public int weight() {
    return weight;
  }
}
