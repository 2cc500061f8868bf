package network.pot.chain.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;
import network.pot.chain.crypto.Address;

/**
 * A scratch copy of the state while a block or a transaction executes: writes stay here until
 * {@link #commitTo} hands them to the parent, so a rejected transaction is simply dropped. Only
 * ever used by one thread.
 */
public final class WorkingState implements StateView {
  private static final StateValue DELETED = w -> {};

  private final StateView parent;
  private final Map<Bytes, StateValue> writes = new HashMap<>();
  private final List<Event> events = new ArrayList<>();

  public WorkingState(StateView parent) {
    this.parent = parent;
  }

  @Override
  public StateValue get(Bytes key) {
    StateValue v = writes.get(key);
    if (v == null) {
      return parent.get(key);
    }
    return v == DELETED ? null : v;
  }

  public void put(Bytes key, StateValue value) {
    writes.put(key, value == null ? DELETED : value);
  }

  public void delete(Bytes key) {
    writes.put(key, DELETED);
  }

  /** Moves every write, and every event not yet taken, into {@code target} (the parent copy). */
  public void commitTo(WorkingState target) {
    target.writes.putAll(writes);
    writes.clear();
    target.events.addAll(events);
    events.clear();
  }

  /** Records what just happened; dropped with this copy when it is not committed. */
  void emit(Event e) {
    events.add(e);
  }

  /** The events recorded since the last call, in order; clears them. */
  List<Event> takeEvents() {
    List<Event> out = List.copyOf(events);
    events.clear();
    return out;
  }

  /** The writes as a change set (null = deleted), for {@link LedgerState#with}. */
  public Map<Bytes, StateValue> changes() {
    Map<Bytes, StateValue> out = new HashMap<>(writes.size() * 2);
    writes.forEach((k, v) -> out.put(k, v == DELETED ? null : v));
    return out;
  }

  public void putAccount(Address a, Account acc) {
    put(StateKey.account(a), acc.equals(Account.EMPTY) ? null : acc);
  }

  public void putValidator(Address a, Validator v) {
    put(StateKey.validator(a), v);
  }

  public void putDelegation(Address delegator, Address validator, Delegation d) {
    put(StateKey.delegation(delegator, validator), d);
  }

  public void putGlobals(Globals g) {
    put(StateKey.GLOBALS, g);
  }

  public void putTask(Hash id, Task t) {
    put(StateKey.task(id), t);
  }

  public void putCollabTask(Hash id, CollabTask t) {
    put(StateKey.collabTask(id), t);
  }

  public void putCollabRound(Hash id, long round, CollabRound r) {
    put(StateKey.collabRound(id, round), r);
  }

  public void putEnrollment(Hash task, Address miner, Enrollment e) {
    put(StateKey.enrollment(task, miner), e);
  }

  public void putProposal(long id, GovernanceProposal p) {
    put(StateKey.proposal(id), p);
  }

  /** Adds {@code id} to the list under {@code key}. */
  public void addId(Bytes key, long id) {
    StateValue v = get(key);
    put(key, v == null ? new IdList(List.of(id)) : ((IdList) v).plus(id));
  }

  /** Removes {@code id} from the list under {@code key}, deleting the list when empty. */
  public void removeId(Bytes key, long id) {
    StateValue v = get(key);
    if (v != null) {
      IdList l = ((IdList) v).minus(id);
      put(key, l.ids().isEmpty() ? null : l);
    }
  }

  /** Credits an account. */
  public void credit(Address a, long amount) {
    Account acc = account(a);
    putAccount(a, acc.withBalance(Math.addExact(acc.balance(), amount)));
  }

  /** Debits an account; the caller has checked the balance. */
  public void debit(Address a, long amount) {
    Account acc = account(a);
    long b = Math.subtractExact(acc.balance(), amount);
    if (b < 0) {
      throw new IllegalStateException("debit below zero for " + a);
    }
    putAccount(a, acc.withBalance(b));
  }

  /** Adds to the treasury. */
  public void toTreasury(long amount) {
    Globals g = globals();
    putGlobals(g.withPools(Math.addExact(g.treasury(), amount), g.minerPool(), g.feePool()));
  }

  /** Takes the next id for unbonding entries and proposals. */
  public long nextId() {
    Globals g = globals();
    putGlobals(g.withNextId(g.nextId() + 1));
    return g.nextId();
  }
}
