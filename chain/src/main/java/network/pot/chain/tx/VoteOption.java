package network.pot.chain.tx;

/** A governance vote. {@link #VETO} counts as "no" and, above the veto share, burns deposits. */
public enum VoteOption {
  YES(1),
  NO(2),
  ABSTAIN(3),
  VETO(4);

  private final int tag;

  VoteOption(int tag) {
    this.tag = tag;
  }

  /** The tag byte (1-based, in declaration order). */
  public int tag() {
    return tag;
  }

  /** The option with this tag, or null. */
  public static VoteOption byTag(int tag) {
    for (VoteOption o : values()) {
      if (o.tag == tag) {
        return o;
      }
    }
    return null;
  }
}
