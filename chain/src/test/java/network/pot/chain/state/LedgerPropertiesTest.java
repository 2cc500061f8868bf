package network.pot.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import network.pot.base.io.FileTrees;
import network.pot.chain.crypto.Address;
import network.pot.chain.store.ChainStore;
import network.pot.chain.store.InMemoryKeyValueStorage;
import network.pot.chain.store.RocksDbKeyValueStorage;
import network.pot.chain.tx.SignedTransaction;

/**
 * Invariants over seeded random transaction sequences: the supply audit balances after every block
 * (checked by {@link TestChain}), no amount is negative, nonces rise by exactly the number of
 * accepted transactions, an independent instance fed the same blocks reaches the same roots, and
 * RocksDB reopens at the same root.
 */
class LedgerPropertiesTest {
  private static final int BLOCKS = 40;

  @Property(tries = 12)
  void invariantsHoldOverRandomBlocks(@ForAll long seed) throws Exception {
    check(seed, BLOCKS);
  }

  /** The same invariants over many more seeds and longer chains ({@code mvn -Plong verify}). */
  @Property(tries = 100)
  @Tag("long")
  void invariantsHoldOverManyLongRandomChains(@ForAll long seed) throws Exception {
    check(seed, 150);
  }

  private static void check(long seed, int blocks) throws Exception {
    RandomLedger world = new RandomLedger(seed);
    StateMachine replica = new StateMachine(TestChain.CHAIN_ID, RandomLedger.CHECKER);
    LedgerState replicaState = world.genesis.state();
    Path dir = Files.createTempDirectory("pot-ledger-prop");
    Set<Outcome> seen = EnumSet.noneOf(Outcome.class);
    try (ChainStore memory = ChainStore.open(new InMemoryKeyValueStorage(), world.genesis)) {
      ChainStore rocks = ChainStore.open(RocksDbKeyValueStorage.open(dir), world.genesis);
      for (int i = 0; i < blocks; i++) {
        LedgerState before = world.chain.state;
        BlockResult r = world.step();
        seen.addAll(r.outcomes());
        SupplyAudit audit = SupplyAudit.of(r.state());
        assertThat(audit.negatives()).as("seed %d", seed).isZero();
        assertThat(audit.total()).as("seed %d", seed).isEqualTo(audit.supply());
        checkNonces(before, r);

        replicaState = replica.apply(replicaState, r.block()).state();
        assertThat(replicaState.root()).as("seed %d block %d", seed, i).isEqualTo(r.state().root());
        memory.commit(r);
        rocks.commit(r);
      }
      assertThat(memory.state().root()).isEqualTo(world.chain.state.root());
      rocks.close();
      try (ChainStore reopened = ChainStore.open(RocksDbKeyValueStorage.open(dir), world.genesis)) {
        assertThat(reopened.height()).isEqualTo(blocks);
        assertThat(reopened.state().root()).as("seed %d", seed).isEqualTo(world.chain.state.root());
      }
    } finally {
      FileTrees.deleteRecursively(dir);
    }
    assertThat(seen).contains(Outcome.OK);
  }

  private static void checkNonces(LedgerState before, BlockResult r) {
    Map<Address, Long> accepted = new HashMap<>();
    for (int i = 0; i < r.outcomes().size(); i++) {
      SignedTransaction tx = r.block().transactions().get(i);
      if (r.outcomes().get(i).ok()) {
        accepted.merge(tx.sender(), 1L, Long::sum);
      }
      accepted.putIfAbsent(tx.sender(), 0L);
    }
    accepted.forEach(
        (a, n) ->
            assertThat(r.state().account(a).nonce()).isEqualTo(before.account(a).nonce() + n));
  }
}
