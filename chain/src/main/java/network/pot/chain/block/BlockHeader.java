package network.pot.chain.block;

import java.util.List;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.Transaction;

/**
 * What a block's hash commits to.
 *
 * @param timeMillis the proposer's clock, milliseconds since the epoch (consensus bounds it)
 * @param previousHash hash of the block at {@code height - 1} ({@link Hash#ZERO} for height 1)
 * @param stateRoot state root after the previous block: the state this block applies to
 * @param txRoot {@link network.pot.chain.merkle.ListRoot} of the transaction hashes
 * @param proposer the validator that proposed the block
 * @param reveal the proposer's next {@link network.pot.chain.crypto.RevealChain} value, mixed into
 *     the chain's randomness beacon
 * @param lastCommit validators whose signatures committed the previous block (downtime tracking)
 */
public record BlockHeader(
    String chainId,
    long height,
    long timeMillis,
    Hash previousHash,
    Hash stateRoot,
    Hash txRoot,
    Address proposer,
    Hash reveal,
    List<Address> lastCommit) {
  /** Most signers listed in {@link #lastCommit}. */
  public static final int MAX_SIGNERS = 1024;

  public BlockHeader {
    lastCommit = List.copyOf(lastCommit);
  }

  public void encode(Writer w) {
    w.string(chainId)
        .u64(height)
        .u64(timeMillis)
        .raw(previousHash.unsafeArray())
        .raw(stateRoot.unsafeArray())
        .raw(txRoot.unsafeArray())
        .raw(proposer.unsafeArray())
        .raw(reveal.unsafeArray())
        .list(lastCommit, (x, a) -> x.raw(a.unsafeArray()));
  }

  /** The block hash: SHA-256 of the header encoding. */
  public Hash hash() {
    Writer w = new Writer(256);
    encode(w);
    return Hash.sha256(w.toByteArray());
  }

  static BlockHeader decode(Reader r) throws DecodeException {
    return new BlockHeader(
        r.string(Transaction.MAX_CHAIN_ID),
        r.amount(),
        r.amount(),
        Hash.of(r.raw(Hash.SIZE)),
        Hash.of(r.raw(Hash.SIZE)),
        Hash.of(r.raw(Hash.SIZE)),
        Address.of(r.raw(Address.SIZE)),
        Hash.of(r.raw(Hash.SIZE)),
        r.list(MAX_SIGNERS, x -> Address.of(x.raw(Address.SIZE))));
  }
}
