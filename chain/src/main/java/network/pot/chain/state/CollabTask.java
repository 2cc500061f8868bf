package network.pot.chain.state;

import java.util.ArrayList;
import java.util.List;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.TxType;

/**
 * A published collaborative task: its terms, the escrow not yet paid out, its miners in slot order
 * (a miner's slot, the index here, names its shard of the training split), the round under way, and
 * once the last round is closed, the final model.
 *
 * @param escrow the reward still held: each closed round takes its share out of it
 * @param round the round under way (contributions go to it); the number of rounds once all are
 *     closed
 * @param dataFeePaid whether the data provider has had its fee (once per task, from the first round
 *     that pays)
 * @param settled true once the last round is closed and the bonds are returned
 */
public record CollabTask(
    Address publisher,
    Payload.PublishCollabTask terms,
    long publishedHeight,
    long escrow,
    List<Address> miners,
    int round,
    boolean dataFeePaid,
    boolean settled)
    implements StateValue {

  public CollabTask {
    miners = List.copyOf(miners);
  }

  /**
   * The id of the task {@code publisher} published with transaction nonce {@code nonce} (the same
   * rule as for a competitive task).
   */
  public static Hash id(Address publisher, long nonce) {
    return Tasks.taskId(publisher, nonce);
  }

  /** The slot of {@code miner}, or -1. */
  public int slot(Address miner) {
    return miners.indexOf(miner);
  }

  public CollabTask withMiner(Address miner) {
    List<Address> l = new ArrayList<>(miners);
    l.add(miner);
    return new CollabTask(
        publisher, terms, publishedHeight, escrow, l, round, dataFeePaid, settled);
  }

  /** With {@code amount} taken out of the escrow. */
  public CollabTask paid(long amount, boolean dataFee) {
    return new CollabTask(
        publisher,
        terms,
        publishedHeight,
        Math.subtractExact(escrow, amount),
        miners,
        round,
        dataFeePaid || dataFee,
        settled);
  }

  /** Moved on to round {@code next}. */
  public CollabTask inRound(int next) {
    return new CollabTask(
        publisher, terms, publishedHeight, escrow, miners, next, dataFeePaid, settled);
  }

  public CollabTask settle() {
    return new CollabTask(publisher, terms, publishedHeight, 0, miners, round, dataFeePaid, true);
  }

  @Override
  public void encode(Writer w) {
    w.raw(publisher.unsafeArray());
    terms.encode(w);
    w.u64(publishedHeight).u64(escrow);
    w.list(miners, (x, a) -> x.raw(a.unsafeArray()));
    w.u32(round).bool(dataFeePaid).bool(settled);
  }

  static CollabTask decode(Reader r) throws DecodeException {
    Address publisher = Address.of(r.raw(Address.SIZE));
    Payload.PublishCollabTask terms =
        (Payload.PublishCollabTask) Payload.decode(TxType.PUBLISH_COLLAB_TASK, r);
    long published = r.amount();
    long escrow = r.amount();
    List<Address> miners =
        r.list(Payload.PublishCollabTask.MAX_MINERS, x -> Address.of(x.raw(Address.SIZE)));
    return new CollabTask(publisher, terms, published, escrow, miners, r.u32(), r.bool(), r.bool());
  }
}
