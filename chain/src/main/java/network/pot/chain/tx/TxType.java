package network.pot.chain.tx;

/** The tag byte of each transaction payload in the canonical encoding. */
public enum TxType {
  TRANSFER(1),
  CREATE_VALIDATOR(2),
  BOND(3),
  UNBOND(4),
  EDIT_COMMISSION(5),
  DELEGATE(6),
  UNDELEGATE(7),
  REDELEGATE(8),
  WITHDRAW_REWARDS(9),
  UNJAIL(10),
  REGISTER_DATASET(11),
  PUBLISH_TASK(12),
  ENROLL_TASK(13),
  COMMIT_PROOF(14),
  VERIFICATION_VOTE(15),
  FRAUD_PROOF(16),
  SUBMIT_PROPOSAL(17),
  DEPOSIT(18),
  VOTE(19),
  DOUBLE_SIGN_EVIDENCE(20),
  PUBLISH_COLLAB_TASK(21),
  COMMIT_CONTRIBUTION(22),
  CONTRIBUTION_VOTE(23),
  CLOSE_ROUND(24),
  CONTRIBUTION_FRAUD_PROOF(25);

  private static final TxType[] BY_TAG = new TxType[32];

  static {
    for (TxType t : values()) {
      BY_TAG[t.tag] = t;
    }
  }

  private final int tag;

  TxType(int tag) {
    this.tag = tag;
  }

  public int tag() {
    return tag;
  }

  /** The type with this tag, or null. */
  public static TxType byTag(int tag) {
    return tag >= 0 && tag < BY_TAG.length ? BY_TAG[tag] : null;
  }
}
