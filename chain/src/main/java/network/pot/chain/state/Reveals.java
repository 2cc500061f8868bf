package network.pot.chain.state;

import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;

/**
 * A validator's place in its {@link network.pot.chain.crypto.RevealChain}: the value it revealed
 * last (its anchor before the first block it proposes) and how many it has revealed. The next block
 * it proposes must reveal the preimage of {@code head}.
 */
public record Reveals(Hash head, long count) implements StateValue {
  /** A validator that registered {@code anchor} and has revealed nothing yet. */
  public static Reveals anchored(Hash anchor) {
    return new Reveals(anchor, 0);
  }

  /** After revealing {@code value}. */
  public Reveals next(Hash value) {
    return new Reveals(value, Math.addExact(count, 1));
  }

  @Override
  public void encode(Writer w) {
    w.raw(head.unsafeArray()).u64(count);
  }

  static Reveals decode(Reader r) throws DecodeException {
    return new Reveals(Hash.of(r.raw(Hash.SIZE)), r.amount());
  }
}
