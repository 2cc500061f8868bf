package network.pot.chain.state;

import java.util.ArrayList;
import java.util.List;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.chain.crypto.Address;

/**
 * Chain-wide counters and pools.
 *
 * @param height height of the last applied block (0 at genesis)
 * @param lastBlockHash hash of the last applied block
 * @param lastBlockTime proposer time of the last applied block, in milliseconds
 * @param supply total tokens in existence: genesis plus everything minted
 * @param treasury the community pool that governance spends
 * @param minerPool minted miner rewards waiting for the epoch's payout
 * @param feePool fees of the current block, distributed at its end
 * @param nextId next id for unbonding entries and proposals
 * @param epochWork verified work per miner in the current epoch, and the emission it may claim,
 *     sorted by miner
 */
public record Globals(
    long height,
    Hash lastBlockHash,
    long lastBlockTime,
    long supply,
    long treasury,
    long minerPool,
    long feePool,
    long nextId,
    List<Work> epochWork)
    implements StateValue {

  /**
   * Verified work of one miner in the epoch.
   *
   * @param units the work units its accepted proofs declared; the miner pool is shared by them
   * @param backing the most the miner may take from the pool this epoch: the protocol fees its
   *     tasks pay (see {@link Rewards#creditWork})
   */
  public record Work(Address miner, long units, long backing) {
    /**
     * Work with no backing. A miner proven fraudulent keeps what is left of its units this way but
     * loses the backing of the epoch: the fee behind it may never be paid.
     */
    public Work(Address miner, long units) {
      this(miner, units, 0);
    }
  }

  public Globals {
    epochWork = List.copyOf(epochWork);
  }

  public Globals withPools(long newTreasury, long newMinerPool, long newFeePool) {
    return new Globals(
        height,
        lastBlockHash,
        lastBlockTime,
        supply,
        newTreasury,
        newMinerPool,
        newFeePool,
        nextId,
        epochWork);
  }

  public Globals withSupply(long s) {
    return new Globals(
        height, lastBlockHash, lastBlockTime, s, treasury, minerPool, feePool, nextId, epochWork);
  }

  public Globals withBlock(long h, Hash hash, long time) {
    return new Globals(h, hash, time, supply, treasury, minerPool, feePool, nextId, epochWork);
  }

  public Globals withNextId(long id) {
    return new Globals(
        height, lastBlockHash, lastBlockTime, supply, treasury, minerPool, feePool, id, epochWork);
  }

  /**
   * A copy with {@code units} more verified work for {@code miner}, backed by {@code backing} more
   * (both saturating).
   */
  public Globals plusWork(Address miner, long units, long backing) {
    List<Work> l = new ArrayList<>(epochWork);
    int i = 0;
    while (i < l.size() && l.get(i).miner().compareTo(miner) < 0) {
      i++;
    }
    if (i < l.size() && l.get(i).miner().equals(miner)) {
      Work w = l.get(i);
      l.set(i, new Work(miner, plus(w.units(), units), plus(w.backing(), backing)));
    } else {
      l.add(i, new Work(miner, units, backing));
    }
    return withWork(l);
  }

  private static long plus(long a, long b) {
    return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
  }

  public Globals withWork(List<Work> work) {
    return new Globals(
        height, lastBlockHash, lastBlockTime, supply, treasury, minerPool, feePool, nextId, work);
  }

  @Override
  public void encode(Writer w) {
    w.u64(height)
        .raw(lastBlockHash.unsafeArray())
        .u64(lastBlockTime)
        .u64(supply)
        .u64(treasury)
        .u64(minerPool)
        .u64(feePool)
        .u64(nextId)
        .list(epochWork, (x, k) -> x.raw(k.miner().unsafeArray()).u64(k.units()).u64(k.backing()));
  }

  static Globals decode(Reader r) throws DecodeException {
    return new Globals(
        r.amount(),
        Hash.of(r.raw(Hash.SIZE)),
        r.amount(),
        r.amount(),
        r.amount(),
        r.amount(),
        r.amount(),
        r.amount(),
        r.list(1 << 16, x -> new Work(Address.of(x.raw(Address.SIZE)), x.amount(), x.amount())));
  }
}
