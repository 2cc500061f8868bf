package network.pot.chain.state;

import network.pot.base.bytes.Bytes;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.chain.crypto.Address;

/**
 * The keys of the ledger state: a one-byte kind followed by the entity's identity. The state root
 * commits to exactly these keys and the canonical encodings of their values.
 */
public final class StateKey {
  /** The kind byte of a state key, and the value type stored under it. */
  public enum Kind {
    ACCOUNT(1, Address.SIZE),
    VALIDATOR(2, Address.SIZE),
    DELEGATION(3, 2 * Address.SIZE),
    UNBONDING(4, 8),
    UNBONDING_QUEUE(5, 8),
    VALIDATOR_UNBONDINGS(6, Address.SIZE),
    DATASET(7, Hash.SIZE),
    TASK(8, Hash.SIZE),
    ENROLLMENT(9, Hash.SIZE + Address.SIZE),
    TASK_QUEUE(10, 8),
    PROPOSAL(11, 8),
    PROPOSAL_QUEUE(12, 8),
    GLOBALS(13, 0),
    PARAMS(14, 0),
    VALIDATOR_SET(15, 0),
    VALIDATOR_INDEX(16, 0),
    REDELEGATION(17, 8),
    VALIDATOR_REDELEGATIONS(18, Address.SIZE),
    COMMITTEE_QUEUE(19, 8),
    POWER_HISTORY(20, 0),
    REVEALS(21, Address.SIZE),
    BEACON(22, 0),
    CONSENSUS_KEY(23, Address.SIZE),
    COLLAB_TASK(24, Hash.SIZE),
    COLLAB_ROUND(25, Hash.SIZE + 8);

    private final int tag;
    private final int idLength;

    Kind(int tag, int idLength) {
      this.tag = tag;
      this.idLength = idLength;
    }

    public int tag() {
      return tag;
    }

    /** Length of the identity after the kind byte. */
    public int idLength() {
      return idLength;
    }

    /** The kind of a key, or null if the key is malformed. */
    public static Kind of(Bytes key) {
      if (key.length() == 0) {
        return null;
      }
      int t = key.get(0) & 0xff;
      for (Kind k : values()) {
        if (k.tag == t) {
          return key.length() == 1 + k.idLength ? k : null;
        }
      }
      return null;
    }
  }

  public static final Bytes GLOBALS = single(Kind.GLOBALS);
  public static final Bytes PARAMS = single(Kind.PARAMS);
  public static final Bytes VALIDATOR_SET = single(Kind.VALIDATOR_SET);
  public static final Bytes VALIDATOR_INDEX = single(Kind.VALIDATOR_INDEX);
  public static final Bytes POWER_HISTORY = single(Kind.POWER_HISTORY);
  public static final Bytes BEACON = single(Kind.BEACON);

  private StateKey() {}

  private static Bytes single(Kind k) {
    return Bytes.wrap(new byte[] {(byte) k.tag});
  }

  private static Writer start(Kind k) {
    return new Writer(1 + k.idLength).u8(k.tag);
  }

  public static Bytes account(Address a) {
    return start(Kind.ACCOUNT).raw(a.unsafeArray()).toBytes();
  }

  public static Bytes validator(Address a) {
    return start(Kind.VALIDATOR).raw(a.unsafeArray()).toBytes();
  }

  /** Where a validator's reveal chain stands ({@link Reveals}). */
  public static Bytes reveals(Address a) {
    return start(Kind.REVEALS).raw(a.unsafeArray()).toBytes();
  }

  /**
   * The validator whose consensus key has address {@code keyAddress} ({@link KeyOwner}), kept only
   * for validators whose consensus key is not their own account key.
   */
  public static Bytes consensusKey(Address keyAddress) {
    return start(Kind.CONSENSUS_KEY).raw(keyAddress.unsafeArray()).toBytes();
  }

  public static Bytes delegation(Address delegator, Address validator) {
    return start(Kind.DELEGATION)
        .raw(delegator.unsafeArray())
        .raw(validator.unsafeArray())
        .toBytes();
  }

  public static Bytes unbonding(long id) {
    return start(Kind.UNBONDING).u64(id).toBytes();
  }

  public static Bytes unbondingQueue(long height) {
    return start(Kind.UNBONDING_QUEUE).u64(height).toBytes();
  }

  public static Bytes validatorUnbondings(Address validator) {
    return start(Kind.VALIDATOR_UNBONDINGS).raw(validator.unsafeArray()).toBytes();
  }

  public static Bytes redelegation(long id) {
    return start(Kind.REDELEGATION).u64(id).toBytes();
  }

  public static Bytes validatorRedelegations(Address source) {
    return start(Kind.VALIDATOR_REDELEGATIONS).raw(source.unsafeArray()).toBytes();
  }

  public static Bytes dataset(Hash id) {
    return start(Kind.DATASET).raw(id.unsafeArray()).toBytes();
  }

  public static Bytes task(Hash id) {
    return start(Kind.TASK).raw(id.unsafeArray()).toBytes();
  }

  /** A collaborative task ({@link CollabTask}). */
  public static Bytes collabTask(Hash id) {
    return start(Kind.COLLAB_TASK).raw(id.unsafeArray()).toBytes();
  }

  /** Round {@code round} of a collaborative task ({@link CollabRound}). */
  public static Bytes collabRound(Hash task, long round) {
    return start(Kind.COLLAB_ROUND).raw(task.unsafeArray()).u64(round).toBytes();
  }

  public static Bytes enrollment(Hash task, Address miner) {
    return start(Kind.ENROLLMENT).raw(task.unsafeArray()).raw(miner.unsafeArray()).toBytes();
  }

  public static Bytes taskQueue(long height) {
    return start(Kind.TASK_QUEUE).u64(height).toBytes();
  }

  /** The tasks with a proof committed at {@code height - 1}, whose committees are drawn then. */
  public static Bytes committeeQueue(long height) {
    return start(Kind.COMMITTEE_QUEUE).u64(height).toBytes();
  }

  public static Bytes proposal(long id) {
    return start(Kind.PROPOSAL).u64(id).toBytes();
  }

  public static Bytes proposalQueue(long height) {
    return start(Kind.PROPOSAL_QUEUE).u64(height).toBytes();
  }
}
