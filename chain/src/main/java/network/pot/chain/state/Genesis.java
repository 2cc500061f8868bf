package network.pot.chain.state;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.PublicKey;
import network.pot.chain.crypto.Address;

/**
 * The initial state of a network: balances, validators with their self-bonds, and parameters.
 *
 * @param genesisTime milliseconds since the epoch; the first block must not be earlier
 */
public record Genesis(
    String chainId,
    long genesisTime,
    List<Allocation> accounts,
    List<InitialValidator> validators,
    Params params) {

  /** A starting balance. */
  public record Allocation(Address address, long balance) {}

  /**
   * A validator active from the first block, bonded from outside the balances, with the anchor of
   * its {@link network.pot.chain.crypto.RevealChain}.
   */
  public record InitialValidator(
      PublicKey key, long selfBond, int commissionBps, Hash revealAnchor) {}

  public Genesis {
    accounts = List.copyOf(accounts);
    validators = List.copyOf(validators);
  }

  /** Builds the genesis state (height 0). */
  public LedgerState state() {
    Map<Bytes, StateValue> e = new HashMap<>();
    long supply = 0;
    for (Allocation a : accounts) {
      if (a.balance() < 0) {
        throw new IllegalArgumentException("negative genesis balance");
      }
      Bytes k = StateKey.account(a.address());
      Account prev = (Account) e.get(k);
      long b = Math.addExact(prev == null ? 0 : prev.balance(), a.balance());
      e.put(k, new Account(b, 0));
      supply = Math.addExact(supply, a.balance());
    }
    List<ActiveSet.Member> members = new ArrayList<>();
    List<Address> index = new ArrayList<>();
    for (InitialValidator v : validators) {
      Address a = Address.of(v.key());
      if (v.selfBond() <= 0 || v.commissionBps() < 0 || v.commissionBps() > 10_000) {
        throw new IllegalArgumentException("bad genesis validator " + a);
      }
      if (e.put(
              StateKey.validator(a),
              Validator.create(v.key(), v.commissionBps()).withStake(v.selfBond(), v.selfBond()))
          != null) {
        throw new IllegalArgumentException("duplicate genesis validator " + a);
      }
      e.put(StateKey.delegation(a, a), new Delegation(v.selfBond(), BigInteger.ZERO));
      e.put(StateKey.reveals(a), Reveals.anchored(v.revealAnchor()));
      members.add(new ActiveSet.Member(a, v.key(), v.selfBond()));
      index.add(a);
      supply = Math.addExact(supply, v.selfBond());
    }
    members.sort(Comparator.comparing(ActiveSet.Member::address));
    index.sort(Comparator.naturalOrder());
    e.put(StateKey.VALIDATOR_SET, new ActiveSet(members));
    e.put(
        StateKey.POWER_HISTORY,
        new PowerHistory(List.of(new PowerHistory.Entry(1, new ActiveSet(members)))));
    e.put(StateKey.VALIDATOR_INDEX, new AddressList(index));
    e.put(StateKey.PARAMS, params);
    e.put(StateKey.BEACON, Beacon.genesis(chainId));
    e.put(StateKey.GLOBALS, new Globals(0, Hash.ZERO, genesisTime, supply, 0, 0, 0, 1, List.of()));
    return LedgerState.of(e);
  }
}
