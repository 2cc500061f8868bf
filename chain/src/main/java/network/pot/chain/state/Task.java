package network.pot.chain.state;

import java.util.ArrayList;
import java.util.List;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.TxType;

/**
 * A published training task: its terms (from {@link Payload.PublishTask}), the escrowed reward, its
 * enrolled miners, and after settlement its winner.
 *
 * @param escrow the reward still held (zero once settled)
 * @param settled true once the payout ran
 * @param winner the miner whose model won, or null
 */
public record Task(
    Address publisher,
    Payload.PublishTask terms,
    long publishedHeight,
    long escrow,
    List<Address> miners,
    boolean settled,
    Address winner)
    implements StateValue {

  public Task {
    miners = List.copyOf(miners);
  }

  /** Height at which the task pays out: the deadline plus the verification window. */
  public long settlementHeight(Params p) {
    return Math.addExact(terms.deadline(), p.verificationWindow());
  }

  public Task withMiner(Address miner) {
    List<Address> l = new ArrayList<>(miners);
    l.add(miner);
    return new Task(publisher, terms, publishedHeight, escrow, l, settled, winner);
  }

  public Task settle(Address winnerOrNull) {
    return new Task(publisher, terms, publishedHeight, 0, miners, true, winnerOrNull);
  }

  @Override
  public void encode(Writer w) {
    w.raw(publisher.unsafeArray());
    terms.encode(w);
    w.u64(publishedHeight).u64(escrow);
    w.list(miners, (x, a) -> x.raw(a.unsafeArray()));
    w.bool(settled).bool(winner != null);
    if (winner != null) {
      w.raw(winner.unsafeArray());
    }
  }

  static Task decode(Reader r) throws DecodeException {
    Address publisher = Address.of(r.raw(Address.SIZE));
    Payload.PublishTask terms = (Payload.PublishTask) Payload.decode(TxType.PUBLISH_TASK, r);
    long published = r.amount();
    long escrow = r.amount();
    List<Address> miners = r.list(1 << 16, x -> Address.of(x.raw(Address.SIZE)));
    boolean settled = r.bool();
    Address winner = r.bool() ? Address.of(r.raw(Address.SIZE)) : null;
    return new Task(publisher, terms, published, escrow, miners, settled, winner);
  }
}
