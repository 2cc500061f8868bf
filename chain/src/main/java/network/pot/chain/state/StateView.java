package network.pot.chain.state;

import java.util.List;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.PublicKey;
import network.pot.chain.crypto.Address;

/** Typed read access to ledger state, shared by committed states and working copies. */
public interface StateView {
  /** The value under a key, or null. */
  StateValue get(Bytes key);

  default Account account(Address a) {
    StateValue v = get(StateKey.account(a));
    return v == null ? Account.EMPTY : (Account) v;
  }

  default Validator validator(Address a) {
    return (Validator) get(StateKey.validator(a));
  }

  default Delegation delegation(Address delegator, Address validator) {
    return (Delegation) get(StateKey.delegation(delegator, validator));
  }

  default Unbonding unbonding(long id) {
    return (Unbonding) get(StateKey.unbonding(id));
  }

  default Redelegation redelegation(long id) {
    return (Redelegation) get(StateKey.redelegation(id));
  }

  default Dataset dataset(Hash id) {
    return (Dataset) get(StateKey.dataset(id));
  }

  default Task task(Hash id) {
    return (Task) get(StateKey.task(id));
  }

  default CollabTask collabTask(Hash id) {
    return (CollabTask) get(StateKey.collabTask(id));
  }

  default CollabRound collabRound(Hash task, long round) {
    return (CollabRound) get(StateKey.collabRound(task, round));
  }

  default Enrollment enrollment(Hash task, Address miner) {
    return (Enrollment) get(StateKey.enrollment(task, miner));
  }

  default GovernanceProposal proposal(long id) {
    return (GovernanceProposal) get(StateKey.proposal(id));
  }

  /** Where {@code validator}'s reveal chain stands; null for an address that is no validator. */
  default Reveals reveals(Address validator) {
    return (Reveals) get(StateKey.reveals(validator));
  }

  /**
   * The validator that signs consensus messages with {@code key}: the one that registered it as a
   * separate consensus key, or the validator whose own account key it is and signs with it; null
   * when no validator signs with {@code key}.
   */
  default Address validatorOfConsensusKey(PublicKey key) {
    Address a = Address.of(key);
    KeyOwner owner = (KeyOwner) get(StateKey.consensusKey(a));
    Address candidate = owner == null ? a : owner.validator();
    Validator v = validator(candidate);
    return v != null && v.consensusKey().equals(key) ? candidate : null;
  }

  /**
   * The validator a transaction from {@code sender} acts for in validator duties (verification
   * votes): the sender itself, or the validator whose separate consensus key has the sender's
   * address.
   */
  default Address actingValidator(Address sender) {
    KeyOwner owner = (KeyOwner) get(StateKey.consensusKey(sender));
    return owner == null ? sender : owner.validator();
  }

  /** The randomness beacon after the last block. */
  default Beacon beacon() {
    return (Beacon) get(StateKey.BEACON);
  }

  default Globals globals() {
    return (Globals) get(StateKey.GLOBALS);
  }

  default Params params() {
    return (Params) get(StateKey.PARAMS);
  }

  /** The active validators and their voting power. */
  default ActiveSet validatorSet() {
    StateValue v = get(StateKey.VALIDATOR_SET);
    return v == null ? new ActiveSet(List.of()) : (ActiveSet) v;
  }

  /** Every validator address ever created, sorted. */
  default List<Address> validatorAddresses() {
    StateValue v = get(StateKey.VALIDATOR_INDEX);
    return v == null ? List.of() : ((AddressList) v).addresses();
  }

  /** Ids stored under a list key (queues), empty when absent. */
  default List<Long> ids(Bytes key) {
    StateValue v = get(key);
    return v == null ? List.of() : ((IdList) v).ids();
  }
}
