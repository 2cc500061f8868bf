package network.pot.node.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.block.Block;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.RevealChain;
import network.pot.chain.state.CollabChecker;
import network.pot.chain.state.FraudProofChecker;
import network.pot.chain.state.Genesis;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.Params;
import network.pot.chain.state.StateMachine;
import network.pot.chain.store.ChainStore;
import network.pot.chain.store.InMemoryKeyValueStorage;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.Transaction;
import network.pot.consensus.ConsensusBlock;
import network.pot.node.Node;

/**
 * A {@link LedgerApp} on in-memory storage with one validator and no consensus: a test signs
 * transactions and finalizes blocks of them directly.
 */
public final class TestLedger {
  private final String chainId;
  private final KeyPair validator;
  private final RevealChain reveals;

  /** Blocks the test validator can propose: more than any test makes. */
  private static final int REVEALS = 1 << 12;

  private final LedgerApp app;
  private final Map<Address, Long> nonces = new HashMap<>();
  private Hash consensusParent = Hash.ZERO;

  /**
   * @param accounts the genesis balances
   * @param backoff how the ledger waits before applying a block again
   */
  public TestLedger(
      String chainId,
      FraudProofChecker checker,
      List<Genesis.Allocation> accounts,
      LedgerApp.Backoff backoff) {
    this(chainId, checker, accounts, backoff, REVEALS);
  }

  /** A ledger whose validator can propose {@code revealLength} blocks. */
  public TestLedger(
      String chainId,
      FraudProofChecker checker,
      List<Genesis.Allocation> accounts,
      LedgerApp.Backoff backoff,
      int revealLength) {
    this(chainId, checker, CollabChecker.NONE, accounts, backoff, revealLength);
  }

  /** A ledger whose collaborative tasks are checked by {@code collab}. */
  public TestLedger(
      String chainId,
      FraudProofChecker checker,
      CollabChecker collab,
      List<Genesis.Allocation> accounts,
      LedgerApp.Backoff backoff,
      int revealLength) {
    this.chainId = chainId;
    this.validator = KeyPair.deterministic(chainId + "-validator", 0);
    this.reveals = RevealChain.of(validator, revealLength);
    Genesis genesis =
        new Genesis(
            chainId,
            0,
            accounts,
            List.of(
                new Genesis.InitialValidator(validator.publicKey(), 10_000, 0, reveals.anchor())),
            Params.DEFAULT);
    this.app =
        new LedgerApp(
            "test",
            new StateMachine(chainId, checker, collab, SignedTransaction::verifySignature),
            ChainStore.open(new InMemoryKeyValueStorage(), genesis),
            new NodeBlockStore(new InMemoryKeyValueStorage(), Node.MAX_PAYLOAD_BYTES),
            new Mempool(chainId, 1_000, 100, 16),
            validator == null ? null : validator.publicKey(),
            reveals,
            Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC),
            Node.MAX_PAYLOAD_BYTES,
            backoff);
  }

  public LedgerApp app() {
    return app;
  }

  public KeyPair validator() {
    return validator;
  }

  /** The hash the next finalized block names as its consensus parent. */
  public Hash consensusParent() {
    return consensusParent;
  }

  /** A transaction of {@code from} with its next nonce and the minimum fee. */
  public SignedTransaction tx(KeyPair from, Payload p) {
    long nonce = nonces.merge(Address.of(from), 1L, Long::sum) - 1;
    return new Transaction(chainId, nonce, Params.DEFAULT.minFee(), p).sign(from);
  }

  /** The id of the task {@code publish} (a PublishTask transaction) creates. */
  public static Hash taskId(SignedTransaction publish) {
    return Hash.sha256(
        new Writer()
            .raw("pot/task".getBytes(StandardCharsets.US_ASCII))
            .raw(publish.sender().toArray())
            .u64(publish.body().nonce())
            .toByteArray());
  }

  private List<Address> signers = List.of();

  /**
   * The validators each later block names as having signed its parent (none by default; a test with
   * more than one validator names them, or liveness tracking jails the silent ones).
   */
  public void signedBy(Address... validators) {
    signers = List.of(validators);
  }

  /** The chain block the validator would propose next with these transactions. */
  public Block next(SignedTransaction... txs) {
    LedgerState s = app.state();
    return Block.build(
        chainId,
        s.height() + 1,
        1_000_000 + s.height(),
        s.globals().lastBlockHash(),
        s.root(),
        Address.of(validator),
        reveals.next(s.reveals(Address.of(validator)).count()),
        signers,
        List.of(txs));
  }

  /** Finalizes a block with these transactions on the ledger's head. */
  public void finalize(SignedTransaction... txs) {
    Block b = next(txs);
    ConsensusBlock cb =
        new ConsensusBlock(b.height(), consensusParent, null, List.of(), b.encode());
    consensusParent = cb.hash();
    app.commit(cb, null);
  }
}
