package network.pot.chain.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.chain.crypto.Address;

/**
 * What a transaction or a block's begin and end steps did, as the state machine records it while it
 * applies them: every change of an account's balance has an event whose {@link #delta} says by how
 * much, and slashing, jailing, minting, stake movements and governance outcomes are recorded too.
 * Events are not part of the state (no root covers them); they are stored beside the block.
 *
 * <p>An event has a {@link Type} and up to four fields whose meaning (and JSON name) the type
 * gives: a primary {@code account}, an {@code other} address, an {@code amount} and a textual
 * {@code ref} (a task or dataset id, a proposal id, a reason). An unused address is null, an unused
 * amount 0 and an unused ref empty.
 */
public record Event(Type type, Address account, Address other, long amount, String ref) {
  /** Longest {@link #ref} the codec accepts. */
  public static final int MAX_REF = 256;

  /** Most events one list may hold when decoded. */
  public static final int MAX_EVENTS = 1 << 20;

  /**
   * The kinds of event: the JSON names of the fields a kind uses (null = unused) and the sign of
   * the balance change of its {@code account} and {@code other} (-1 debited, +1 credited, 0 none).
   * The tags are part of the stored format.
   */
  public enum Type {
    /** The transaction fee, paid by the sender. */
    FEE(1, "payer", null, "amount", null, -1, 0),
    TRANSFER(2, "from", "to", "amount", null, -1, 1),
    /** A validator's own stake added (self-bond at creation, or a bond). */
    BOND(3, "validator", null, "amount", null, -1, 0),
    DELEGATE(4, "delegator", "validator", "amount", null, -1, 0),
    /** A validator's own stake starting to unbond; paid at {@code completion}. */
    UNBOND(5, "validator", null, "amount", "completion", 0, 0),
    UNDELEGATE(6, "delegator", "validator", "amount", "completion", 0, 0),
    /** Stake moved between validators ({@code other} = source, {@code ref} = destination). */
    REDELEGATE(7, "delegator", "from", "amount", "to", 0, 0),
    /** Matured unbonding paid back to the delegator. */
    UNBOND_COMPLETED(8, "delegator", "validator", "amount", null, 1, 0),
    /** Staking rewards paid to a delegator (on withdrawal or any change of the delegation). */
    REWARD_WITHDRAWN(9, "delegator", "validator", "amount", null, 1, 0),
    COMMISSION_WITHDRAWN(10, "validator", null, "amount", null, 1, 0),
    /** Stake taken from a validator and its delegators, to the treasury. */
    SLASH(11, "validator", null, "amount", "reason", 0, 0),
    JAIL(12, "validator", null, "until", "reason", 0, 0),
    /** New tokens created by the block reward (into the reward pools, not an account). */
    MINT(13, null, null, "amount", "reason", 0, 0),
    /** A validator's share of the block's rewards and fees, into its reward and commission pool. */
    VALIDATOR_REWARD(14, "validator", null, "amount", null, 0, 0),
    /** A miner's share of the epoch's miner pool. */
    MINER_PAYOUT(15, "miner", null, "amount", null, 1, 0),
    /** A task's reward locked when it is published. */
    ESCROW(16, "publisher", null, "amount", "task", -1, 0),
    /** A miner's bond locked when it enrolls in a task. */
    TASK_BOND(17, "miner", null, "amount", "task", -1, 0),
    BOND_RETURNED(18, "miner", null, "amount", "task", 1, 0),
    /** A miner's bond lost (rejected model or fraud), to the treasury. */
    BOND_FORFEITED(19, "miner", null, "amount", "task", 0, 0),
    /** The bounty of a successful fraud proof against {@code other}'s bond. */
    FRAUD_BOUNTY(20, "reporter", "miner", "amount", "task", 1, 0),
    /** A task's escrow returned to its publisher when no model won. */
    REFUND(21, "publisher", null, "amount", "task", 1, 0),
    /** A task's reward paid to the winning miner. */
    PAYOUT(22, "winner", null, "amount", "task", 1, 0),
    /** The data provider's fee out of a task's reward. */
    DATASET_FEE(23, "owner", null, "amount", "task", 1, 0),
    /** The protocol's fee out of a task's reward, to the treasury. */
    PROTOCOL_FEE(24, null, null, "amount", "task", 0, 0),
    DATASET_REGISTERED(25, "owner", null, "fee_per_use", "dataset", 0, 0),
    /** A governance deposit (also the one made with a proposal). */
    DEPOSIT(26, "depositor", null, "amount", "proposal", -1, 0),
    DEPOSIT_REFUNDED(27, "depositor", null, "amount", "proposal", 1, 0),
    /** A deposit of a vetoed proposal, to the treasury. */
    DEPOSIT_BURNED(28, "depositor", null, "amount", "proposal", 0, 0),
    /** A passed treasury spend paid out. */
    TREASURY_SPEND(29, "recipient", null, "amount", "proposal", 1, 0),
    PROPOSAL_PASSED(30, null, null, "proposal", null, 0, 0),
    /** A proposal closed without passing ({@code ref}: FAILED, REJECTED, VETOED or EXPIRED). */
    PROPOSAL_REJECTED(31, null, null, "proposal", "status", 0, 0),
    /** A parameter changed by a passed proposal ({@code ref}: name=value). */
    PARAM_CHANGED(32, null, null, "proposal", "change", 0, 0);

    private final int tag;
    private final String accountName;
    private final String otherName;
    private final String amountName;
    private final String refName;
    private final int accountSign;
    private final int otherSign;

    Type(
        int tag,
        String accountName,
        String otherName,
        String amountName,
        String refName,
        int accountSign,
        int otherSign) {
      this.tag = tag;
      this.accountName = accountName;
      this.otherName = otherName;
      this.amountName = amountName;
      this.refName = refName;
      this.accountSign = accountSign;
      this.otherSign = otherSign;
    }

    public int tag() {
      return tag;
    }

    static Type ofTag(int tag) throws DecodeException {
      for (Type t : values()) {
        if (t.tag == tag) {
          return t;
        }
      }
      throw new DecodeException(DecodeException.Reason.UNKNOWN_TAG, "unknown event type " + tag);
    }
  }

  public Event {
    Objects.requireNonNull(type);
    ref = ref == null ? "" : ref;
  }

  static Event of(Type type, Address account, long amount) {
    return new Event(type, account, null, amount, "");
  }

  static Event of(Type type, Address account, Address other, long amount) {
    return new Event(type, account, other, amount, "");
  }

  static Event of(Type type, Address account, long amount, String ref) {
    return new Event(type, account, null, amount, ref);
  }

  /** How much this event changed {@code a}'s balance (negative when debited). */
  public long delta(Address a) {
    long d = 0;
    if (a.equals(account)) {
      d += type.accountSign * amount;
    }
    if (a.equals(other)) {
      d += type.otherSign * amount;
    }
    return d;
  }

  /** The accounts this event names (its account, other and, for a redelegation, destination). */
  public List<Address> accounts() {
    List<Address> out = new ArrayList<>(3);
    if (account != null) {
      out.add(account);
    }
    if (other != null && !other.equals(account)) {
      out.add(other);
    }
    if (type == Type.REDELEGATE && !ref.isEmpty()) {
      Address to = Address.parse(ref);
      if (!out.contains(to)) {
        out.add(to);
      }
    }
    return out;
  }

  /**
   * The fields under their names for this type, in a fixed order: {@code type} first, addresses in
   * bech32, the amount as an exact integer, then the ref.
   */
  public Map<String, Object> fields() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type.name());
    if (type.accountName != null) {
      m.put(type.accountName, String.valueOf(account));
    }
    if (type.otherName != null) {
      m.put(type.otherName, String.valueOf(other));
    }
    m.put(type.amountName, amount);
    if (type.refName != null) {
      m.put(type.refName, ref);
    }
    return m;
  }

  /** Canonical encoding: tag, optional account, optional other, amount, ref. */
  public void write(Writer w) {
    w.u8(type.tag);
    writeAddress(w, account);
    writeAddress(w, other);
    w.u64(amount);
    w.string(ref);
  }

  public static Event read(Reader r) throws DecodeException {
    Type t = Type.ofTag(r.u8());
    Address account = readAddress(r);
    Address other = readAddress(r);
    long amount = r.amount();
    String ref = r.string(MAX_REF);
    return new Event(t, account, other, amount, ref);
  }

  /** Encodes a list of events. */
  public static void writeList(Writer w, List<Event> events) {
    w.list(events, (x, e) -> e.write(x));
  }

  public static List<Event> readList(Reader r) throws DecodeException {
    return r.list(MAX_EVENTS, Event::read);
  }

  private static void writeAddress(Writer w, Address a) {
    w.bool(a != null);
    if (a != null) {
      w.raw(a.unsafeArray());
    }
  }

  private static Address readAddress(Reader r) throws DecodeException {
    return r.bool() ? Address.of(r.raw(Address.SIZE)) : null;
  }
}
