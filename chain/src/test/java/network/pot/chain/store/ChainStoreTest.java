package network.pot.chain.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.BlockResult;
import network.pot.chain.state.FraudProofChecker;
import network.pot.chain.state.Outcome;
import network.pot.chain.state.Params;
import network.pot.chain.state.StateKey;
import network.pot.chain.state.TestChain;
import network.pot.chain.store.KeyValueStorage.Column;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The same storage contract on the in-memory twin and on RocksDB, and the chain store on both. */
class ChainStoreTest {
  @TempDir static Path tmp;
  private static int dirs;

  static Stream<Arguments> storages() {
    Supplier<KeyValueStorage> memory = InMemoryKeyValueStorage::new;
    Supplier<KeyValueStorage> rocks = () -> RocksDbKeyValueStorage.open(tmp.resolve("db" + dirs++));
    return Stream.of(Arguments.of("memory", memory), Arguments.of("rocksdb", rocks));
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("storages")
  void batchesAreAtomicAndScansArePrefixOrdered(String name, Supplier<KeyValueStorage> s) {
    try (KeyValueStorage kv = s.get()) {
      KeyValueStorage.Batch batch = kv.batch().put(Column.STATE, b("ab2"), b("2"));
      batch.put(Column.STATE, b("ab1"), b("1")).put(Column.STATE, b("b"), b("x"));
      assertThat(kv.get(Column.STATE, b("ab1"))).isNull(); // nothing before commit
      batch.commit();
      kv.batch().delete(Column.STATE, b("b")).put(Column.META, b("ab1"), b("m")).commit();
      List<String> seen = new ArrayList<>();
      kv.scan(Column.STATE, b("ab"), (k, v) -> seen.add(new String(k, StandardCharsets.US_ASCII)));
      assertThat(seen).containsExactly("ab1", "ab2");
      assertThat(kv.get(Column.STATE, b("b"))).isNull();
      assertThat(kv.get(Column.META, b("ab1"))).isEqualTo(b("m"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("storages")
  void chainStoreIndexesBlocksAndTransactions(String name, Supplier<KeyValueStorage> s) {
    KeyPair alice = TestChain.key("alice");
    KeyPair bob = TestChain.key("bob");
    KeyPair val = TestChain.key("val");
    var genesis = TestChain.genesis(Params.DEFAULT, Map.of(alice, 1_000L), List.of(val), 1_000, 0);
    TestChain chain = new TestChain(genesis, List.of(val), FraudProofChecker.NONE);
    try (ChainStore store = ChainStore.open(s.get(), genesis)) {
      assertThat(store.height()).isZero();
      SignedTransaction pay = chain.tx(alice, new Payload.Transfer(Address.of(bob), 10));
      SignedTransaction bad = chain.tx(bob, new Payload.Transfer(Address.of(alice), 10));
      BlockResult r1 = chain.block(pay, bad);
      store.commit(r1);
      BlockResult r2 = chain.block();
      store.commit(r2);
      assertThat(store.height()).isEqualTo(2);
      assertThat(store.state().root()).isEqualTo(chain.state.root());
      assertThat(store.block(1).hash()).isEqualTo(r1.block().hash());
      assertThat(store.heightOf(r2.block().hash())).isEqualTo(2);
      assertThat(store.transaction(pay.hash()))
          .isEqualTo(new ChainStore.TxLocation(1, 0, Outcome.OK));
      assertThat(store.transaction(bad.hash()).outcome()).isEqualTo(Outcome.INSUFFICIENT_FUNDS);
      assertThat(store.transactionsOf(Address.of(bob))).containsExactly(pay.hash(), bad.hash());
      assertThat(store.validatorSetAfter(2).member(Address.of(val)).power()).isEqualTo(1_000);
      assertThat(store.validatorSetAfter(0)).isEqualTo(genesis.state().validatorSet());
      assertThat(store.validatorSetAfter(3)).isNull();
      assertThatThrownBy(() -> store.commit(r1)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("storages")
  void aReplayedTransactionDoesNotRewriteItsReceipt(String name, Supplier<KeyValueStorage> s) {
    KeyPair alice = TestChain.key("alice");
    KeyPair bob = TestChain.key("bob");
    KeyPair val = TestChain.key("val");
    long epoch = 5;
    Params params = Params.DEFAULT.with("epochLength", epoch);
    var genesis = TestChain.genesis(params, Map.of(alice, 1_000L), List.of(val), 1_000, 0);
    TestChain chain = new TestChain(genesis, List.of(val), FraudProofChecker.NONE);
    try (ChainStore store = ChainStore.open(s.get(), genesis)) {
      SignedTransaction pay = chain.tx(alice, new Payload.Transfer(Address.of(bob), 10));
      BlockResult first = chain.block(pay);
      store.commit(first);
      // a proposer includes it again, twice in one block and once more later: rejected each time
      BlockResult again = chain.block(pay, pay);
      assertThat(again.outcomes()).containsOnly(Outcome.BAD_NONCE);
      store.commit(again);
      store.commit(chain.block(pay));
      assertThat(store.transaction(pay.hash()))
          .isEqualTo(new ChainStore.TxLocation(1, 0, Outcome.OK));
      assertThat(store.eventsOf(pay.hash())).isEqualTo(first.txEvents().get(0));
      // rejected early (its nonce not reached yet), executed in a later block: pruning the block
      // that rejected it keeps the receipt of the block that executed it
      long n = chain.state.account(Address.of(alice)).nonce();
      SignedTransaction early =
          new Transaction(
                  TestChain.CHAIN_ID,
                  n + 1,
                  TestChain.FEE,
                  new Payload.Transfer(Address.of(bob), 1))
              .sign(alice);
      SignedTransaction now =
          new Transaction(
                  TestChain.CHAIN_ID, n, TestChain.FEE, new Payload.Transfer(Address.of(bob), 2))
              .sign(alice);
      assertThat(chain.block(early).outcomes()).containsExactly(Outcome.BAD_NONCE);
      store.commit(chain.last);
      assertThat(chain.block(now, early).outcomes()).containsOnly(Outcome.OK);
      store.commit(chain.last);
      assertThat(store.transaction(early.hash()))
          .isEqualTo(new ChainStore.TxLocation(5, 1, Outcome.OK));
      store.prune(5, epoch, 100);
      assertThat(store.transaction(early.hash()))
          .isEqualTo(new ChainStore.TxLocation(5, 1, Outcome.OK));
      assertThat(store.transaction(pay.hash())).as("its executing block is pruned").isNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("storages")
  void pruningDeletesOldBlocksAndEveryIndexOfThemButKeepsEpochSetsAndTheState(
      String name, Supplier<KeyValueStorage> s) {
    KeyPair alice = TestChain.key("alice");
    KeyPair bob = TestChain.key("bob");
    KeyPair val = TestChain.key("val");
    long epoch = 5;
    Params params = Params.DEFAULT.with("epochLength", epoch);
    var genesis = TestChain.genesis(params, Map.of(alice, 1_000L), List.of(val), 1_000, 0);
    TestChain chain = new TestChain(genesis, List.of(val), FraudProofChecker.NONE);
    try (KeyValueStorage kv = s.get();
        ChainStore store = ChainStore.open(kv, genesis)) {
      List<SignedTransaction> sent = new ArrayList<>();
      List<BlockResult> blocks = new ArrayList<>();
      for (int h = 1; h <= 12; h++) {
        SignedTransaction pay = chain.tx(alice, new Payload.Transfer(Address.of(bob), h));
        sent.add(pay);
        BlockResult r = chain.block(pay);
        blocks.add(r);
        store.commit(r);
      }
      var root = store.state().root();
      long pruned = 0;
      for (long n; (n = store.prune(8, epoch, 3)) > 0; ) {
        pruned += n;
      }
      assertThat(pruned).isEqualTo(7);
      assertThat(store.prunedBelow()).isEqualTo(8);
      assertThat(store.historyFrom()).isEqualTo(8);
      for (int h = 1; h <= 12; h++) {
        boolean gone = h < 8;
        BlockResult r = blocks.get(h - 1);
        assertThat(store.block(h) == null).as("block %d", h).isEqualTo(gone);
        assertThat(store.events(h) == null).as("events %d", h).isEqualTo(gone);
        assertThat(store.heightOf(r.block().hash())).isEqualTo(gone ? -1 : h);
        assertThat(store.transaction(sent.get(h - 1).hash()) == null).isEqualTo(gone);
        assertThat(store.validatorSetAfter(h) == null)
            .as("validator set after %d", h)
            .isEqualTo(gone && h % epoch != 0);
      }
      assertThat(store.transactionsOf(Address.of(bob)))
          .containsExactlyElementsOf(sent.subList(7, 12).stream().map(t -> t.hash()).toList());
      for (KeyPair k : List.of(alice, bob, val)) {
        assertThat(store.history(Address.of(k), null, 1_000))
            .as("history of %s", k)
            .isNotEmpty()
            .allSatisfy(e -> assertThat(e.height()).isGreaterThanOrEqualTo(8));
      }
      int[] left = new int[1];
      kv.scan(Column.ACCOUNT_HISTORY, new byte[0], (k, v) -> left[0]++);
      int kept = 0;
      for (KeyPair k : List.of(alice, bob, val)) {
        kept += store.history(Address.of(k), null, 1_000).size();
      }
      assertThat(left[0]).as("no history entry of a pruned block is left").isEqualTo(kept);
      assertThat(store.state().root()).isEqualTo(root);

      // the head is never pruned; the chain goes on after pruning
      store.prune(Long.MAX_VALUE, epoch, 100);
      assertThat(store.prunedBelow()).isEqualTo(12);
      assertThat(store.block(12)).isNotNull();
      store.commit(chain.block(chain.tx(alice, new Payload.Transfer(Address.of(bob), 1))));
      assertThat(store.height()).isEqualTo(13);
      assertThat(store.prune(12, epoch, 100)).isZero();
    }
  }

  @Test
  void rocksDbReopensAtTheLastCommittedBlockAndDetectsCorruption(@TempDir Path dir) {
    KeyPair alice = TestChain.key("alice");
    KeyPair val = TestChain.key("val");
    var genesis = TestChain.genesis(Params.DEFAULT, Map.of(alice, 1_000L), List.of(val), 1_000, 0);
    TestChain chain = new TestChain(genesis, List.of(val), FraudProofChecker.NONE);
    try (ChainStore store = ChainStore.open(RocksDbKeyValueStorage.open(dir), genesis)) {
      for (int i = 0; i < 5; i++) {
        store.commit(chain.block(chain.tx(alice, new Payload.Transfer(Address.of(val), 1))));
      }
    }
    try (ChainStore store = ChainStore.open(RocksDbKeyValueStorage.open(dir), genesis)) {
      assertThat(store.height()).isEqualTo(5);
      assertThat(store.state().root()).isEqualTo(chain.state.root());
    }
    var otherGenesis =
        TestChain.genesis(Params.DEFAULT, Map.of(alice, 999L), List.of(val), 1_000, 0);
    assertThatThrownBy(() -> ChainStore.open(RocksDbKeyValueStorage.open(dir), otherGenesis))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("genesis");
    try (KeyValueStorage kv = RocksDbKeyValueStorage.open(dir)) {
      byte[] key = StateKey.account(Address.of(alice)).toArray();
      byte[] value = kv.get(Column.STATE, key);
      value[value.length - 1] ^= 1;
      kv.batch().put(Column.STATE, key, value).commit();
    }
    assertThatThrownBy(() -> ChainStore.open(RocksDbKeyValueStorage.open(dir), genesis))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("state root mismatch");
  }
}
