package network.pot.rpc;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.block.Block;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.RevealChain;
import network.pot.chain.state.Event;
import network.pot.chain.state.FraudProofChecker;
import network.pot.chain.state.Genesis;
import network.pot.chain.state.InvalidBlockException;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.Params;
import network.pot.chain.state.StateMachine;
import network.pot.chain.state.StateView;
import network.pot.chain.store.ChainStore;
import network.pot.chain.store.InMemoryKeyValueStorage;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.Transaction;
import network.pot.node.api.ArtifactStore;
import network.pot.node.api.ChainQuery;
import network.pot.node.api.DatasetStore;
import network.pot.node.api.TxSubmission;
import network.pot.node.ledger.Mempool;

/**
 * A node's view of a small chain in memory, for the RPC server without a node: one validator, one
 * funded user, and one block that holds a transfer. Submitted transactions are admitted and
 * dropped; artifacts are kept in a map; dataset uploads are counted, never held.
 */
final class RpcTestChain implements ChainQuery {
  static final String CHAIN_ID = "pot-rpc-test";
  static final KeyPair VALIDATOR = KeyPair.deterministic("rpc-validator", 0);
  static final KeyPair USER = KeyPair.deterministic("rpc-user", 0);

  private final ChainStore store;
  private static final RevealChain REVEALS = RevealChain.of(VALIDATOR, 16);

  RpcTestChain() throws InvalidBlockException {
    Genesis genesis =
        new Genesis(
            CHAIN_ID,
            0,
            List.of(new Genesis.Allocation(Address.of(USER), 1_000_000)),
            List.of(
                new Genesis.InitialValidator(VALIDATOR.publicKey(), 10_000, 500, REVEALS.anchor())),
            Params.DEFAULT);
    store = ChainStore.open(new InMemoryKeyValueStorage(), genesis);
    LedgerState s = store.state();
    Address validator = Address.of(VALIDATOR);
    SignedTransaction tx =
        new Transaction(CHAIN_ID, 0, 10, new Payload.Transfer(validator, 5)).sign(USER);
    Hash parent = s.globals().lastBlockHash();
    Block b =
        Block.build(
            CHAIN_ID,
            1,
            1_000,
            parent,
            s.root(),
            validator,
            REVEALS.value(1),
            List.of(),
            List.of(tx));
    FraudProofChecker noFraudProofs =
        (task, enrollment, proof) -> FraudProofChecker.Verdict.NOT_A_PROOF;
    store.commit(new StateMachine(CHAIN_ID, noFraudProofs).apply(s, b));
  }

  TxSubmission submissions() {
    return new TxSubmission() {
      @Override
      public Mempool.Admission submit(SignedTransaction tx) {
        return new Mempool.Admission(tx.hash(), null);
      }

      @Override
      public Mempool.Admission submit(SignedTransaction tx, boolean signatureChecked) {
        return submit(tx);
      }
    };
  }

  ArtifactStore artifacts() {
    Map<Bytes, byte[]> held = new HashMap<>();
    return new ArtifactStore() {
      @Override
      public synchronized void put(byte[] key, byte[] content) {
        held.putIfAbsent(Bytes.wrap(key.clone()), content.clone());
      }

      @Override
      public synchronized boolean has(byte[] key) {
        return held.containsKey(Bytes.wrap(key));
      }

      @Override
      public synchronized Optional<byte[]> fetch(byte[] key, int maxBytes, Check check) {
        return Optional.ofNullable(held.get(Bytes.wrap(key)))
            .filter(c -> c.length <= maxBytes && check.matches(c));
      }
    };
  }

  DatasetStore datasets() {
    return new DatasetStore() {
      @Override
      public boolean has(Hash id) {
        return false;
      }

      @Override
      public long maxBundleBytes() {
        return 1 << 20;
      }

      @Override
      public Upload receive(Hash id, long size, long offset, byte[] chunk) throws IOException {
        if (size < 1 || size > maxBundleBytes() || offset < 0 || offset + chunk.length > size) {
          throw new IllegalArgumentException("upload out of bounds");
        }
        return new Upload(offset + chunk.length, false);
      }
    };
  }

  @Override
  public String nodeName() {
    return "rpc-test";
  }

  @Override
  public String chainId() {
    return CHAIN_ID;
  }

  @Override
  public Address nodeAddress() {
    return Address.of(VALIDATOR);
  }

  @Override
  public LedgerState state() {
    return store.state();
  }

  @Override
  public Block block(long height) {
    return store.block(height);
  }

  @Override
  public ChainStore.TxLocation transaction(Hash hash) {
    return store.transaction(hash);
  }

  @Override
  public List<Event> events(Hash hash) {
    return store.eventsOf(hash);
  }

  @Override
  public ChainStore.BlockEvents blockEvents(long height) {
    return store.events(height);
  }

  @Override
  public List<ChainStore.HistoryEntry> history(
      Address address, ChainStore.HistoryEntry before, int limit) {
    return store.history(address, before, limit);
  }

  @Override
  public boolean isPending(Hash hash) {
    return false;
  }

  @Override
  public int pendingCount() {
    return 0;
  }

  @Override
  public long nextNonce(Address sender, StateView state) {
    return state.account(sender).nonce();
  }

  @Override
  public List<Hash> taskIds() {
    return List.of();
  }

  @Override
  public int peerCount() {
    return 0;
  }

  @Override
  public Map<String, Long> workCounts() {
    return Map.of();
  }
}
