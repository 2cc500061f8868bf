package network.pot.chain.block;

import java.util.List;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.chain.crypto.Address;
import network.pot.chain.merkle.ListRoot;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.TransactionCodec;

/** A block: its header and its ordered transactions. Its identity is {@link #hash()}. */
public record Block(BlockHeader header, List<SignedTransaction> transactions) {
  /** Most transactions a block encoding may hold (the {@code maxBlockTxs} parameter is lower). */
  public static final int MAX_TXS = 100_000;

  public Block {
    transactions = List.copyOf(transactions);
  }

  /** Builds a block whose tx root matches its transactions. */
  public static Block build(
      String chainId,
      long height,
      long timeMillis,
      Hash previousHash,
      Hash stateRoot,
      Address proposer,
      Hash reveal,
      List<Address> lastCommit,
      List<SignedTransaction> txs) {
    return new Block(
        new BlockHeader(
            chainId,
            height,
            timeMillis,
            previousHash,
            stateRoot,
            txRoot(txs),
            proposer,
            reveal,
            lastCommit),
        txs);
  }

  /** The tx root of a transaction list. */
  public static Hash txRoot(List<SignedTransaction> txs) {
    return ListRoot.of(txs.stream().map(SignedTransaction::hash).toList());
  }

  public Hash hash() {
    return header.hash();
  }

  public long height() {
    return header.height();
  }

  public byte[] encode() {
    Writer w = new Writer(256 + transactions.size() * 160);
    header.encode(w);
    w.u32(transactions.size());
    for (SignedTransaction tx : transactions) {
      w.raw(tx.encode());
    }
    return w.toByteArray();
  }

  /** Decodes a block that spans all of {@code bytes} (does not check its tx root). */
  public static Block decode(byte[] bytes) throws DecodeException {
    Reader r = new Reader(bytes);
    BlockHeader h = BlockHeader.decode(r);
    List<SignedTransaction> txs = r.list(MAX_TXS, TransactionCodec::read);
    r.end();
    return new Block(h, txs);
  }
}
