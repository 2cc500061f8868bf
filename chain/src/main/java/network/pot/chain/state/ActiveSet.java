package network.pot.chain.state;

import java.util.List;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.PublicKey;
import network.pot.chain.crypto.Address;

/**
 * The active validators and their voting power (bonded tokens), sorted by address: who signs the
 * next blocks. Recomputed at epoch boundaries; a jailed validator leaves at once.
 */
public record ActiveSet(List<Member> members) implements StateValue {
  /** One active validator. */
  public record Member(Address address, PublicKey consensusKey, long power) {}

  public ActiveSet {
    members = List.copyOf(members);
  }

  /** Sum of voting power. */
  public long totalPower() {
    long t = 0;
    for (Member m : members) {
      t = Math.addExact(t, m.power());
    }
    return t;
  }

  /** The member with this address, or null. */
  public Member member(Address a) {
    for (Member m : members) {
      if (m.address().equals(a)) {
        return m;
      }
    }
    return null;
  }

  public ActiveSet without(Address a) {
    return new ActiveSet(members.stream().filter(m -> !m.address().equals(a)).toList());
  }

  @Override
  public void encode(Writer w) {
    w.list(
        members,
        (x, m) ->
            x.raw(m.address().unsafeArray()).raw(m.consensusKey().unsafeArray()).u64(m.power()));
  }

  static ActiveSet decode(Reader r) throws DecodeException {
    return new ActiveSet(
        r.list(
            1 << 12,
            x ->
                new Member(
                    Address.of(x.raw(Address.SIZE)),
                    PublicKey.of(x.raw(PublicKey.SIZE)),
                    x.amount())));
  }
}
