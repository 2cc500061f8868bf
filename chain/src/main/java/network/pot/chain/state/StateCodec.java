package network.pot.chain.state;

import network.pot.base.bytes.Bytes;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;

/** Encodes state values and decodes them back, the value type being given by the key's kind. */
public final class StateCodec {
  private StateCodec() {}

  /** The canonical encoding of a value. */
  public static byte[] encode(StateValue v) {
    Writer w = new Writer(96);
    v.encode(w);
    return w.toByteArray();
  }

  /** SHA-256 of the canonical encoding: what a state-tree leaf commits to. */
  public static Hash hash(StateValue v) {
    return Hash.sha256(encode(v));
  }

  /** Decodes the value stored under {@code key}; only canonical encodings are accepted. */
  public static StateValue decode(Bytes key, byte[] value) throws DecodeException {
    StateKey.Kind kind = StateKey.Kind.of(key);
    if (kind == null) {
      throw new DecodeException(DecodeException.Reason.UNKNOWN_TAG, "state key " + key);
    }
    Reader r = new Reader(value);
    StateValue v =
        switch (kind) {
          case ACCOUNT -> Account.decode(r);
          case VALIDATOR -> Validator.decode(r);
          case DELEGATION -> Delegation.decode(r);
          case UNBONDING -> Unbonding.decode(r);
          case UNBONDING_QUEUE, VALIDATOR_UNBONDINGS, PROPOSAL_QUEUE, VALIDATOR_REDELEGATIONS ->
              IdList.decode(r);
          case REDELEGATION -> Redelegation.decode(r);
          case DATASET -> Dataset.decode(r);
          case TASK -> Task.decode(r);
          case ENROLLMENT -> Enrollment.decode(r);
          case TASK_QUEUE, COMMITTEE_QUEUE -> HashList.decode(r);
          case PROPOSAL -> GovernanceProposal.decode(r);
          case GLOBALS -> Globals.decode(r);
          case PARAMS -> Params.decode(r);
          case VALIDATOR_SET -> ActiveSet.decode(r);
          case VALIDATOR_INDEX -> AddressList.decode(r);
          case POWER_HISTORY -> PowerHistory.decode(r);
          case REVEALS -> Reveals.decode(r);
          case BEACON -> Beacon.decode(r);
          case CONSENSUS_KEY -> KeyOwner.decode(r);
          case COLLAB_TASK -> CollabTask.decode(r);
          case COLLAB_ROUND -> CollabRound.decode(r);
        };
    r.end();
    return v;
  }
}
