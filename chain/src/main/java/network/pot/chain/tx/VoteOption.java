package network.pot.chain.tx;

/** A governance vote. {@link #VETO} counts as "no" and, above the veto share, burns deposits. */
public enum VoteOption {
  YES,
  NO,
  ABSTAIN,
  VETO;

  /** The tag byte (1-based). */
  public int tag() {
    return ordinal() + 1;
  }

  /** The option with this tag, or null. */
  public static VoteOption byTag(int tag) {
    return tag >= 1 && tag <= values().length ? values()[tag - 1] : null;
  }
}
