package network.pot.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.KeyPair;
import network.pot.base.io.FileTrees;
import network.pot.chain.crypto.Address;
import network.pot.chain.store.ChainStore;
import network.pot.chain.store.ChainStore.HistoryEntry;
import network.pot.chain.store.InMemoryKeyValueStorage;
import network.pot.chain.store.RocksDbKeyValueStorage;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import org.junit.jupiter.api.Test;

/**
 * Events record what each transaction and each block did: their balance deltas add up to every
 * account's balance change, a rejected transaction has none, they survive the store's codec and a
 * reopen, and the account history lists them newest first.
 */
class EventsTest {
  @Property(tries = 10)
  void eventDeltasAddUpToBalanceChanges(@ForAll long seed) throws Exception {
    RandomLedger world = new RandomLedger(seed);
    Set<Event.Type> seen = EnumSet.noneOf(Event.Type.class);
    Path dir = Files.createTempDirectory("pot-events");
    try {
      ChainStore rocks = ChainStore.open(RocksDbKeyValueStorage.open(dir), world.genesis);
      List<BlockResult> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        LedgerState before = world.chain.state;
        BlockResult r = world.step();
        results.add(r);
        Map<Address, Long> deltas = new HashMap<>();
        List<Event> all = new ArrayList<>(r.blockEvents());
        for (int t = 0; t < r.outcomes().size(); t++) {
          List<Event> events = r.txEvents().get(t);
          if (!r.outcomes().get(t).ok()) {
            assertThat(events).as("seed %d: rejected tx has no events", seed).isEmpty();
          } else {
            assertThat(events.get(0))
                .isEqualTo(
                    Event.of(
                        Event.Type.FEE, r.block().transactions().get(t).sender(), TestChain.FEE));
          }
          all.addAll(events);
        }
        Set<Address> accounts = new HashSet<>();
        world.everyone.forEach(k -> accounts.add(Address.of(k)));
        for (Event e : all) {
          seen.add(e.type());
          accounts.addAll(e.accounts());
          assertThat(e.amount()).isNotNegative();
        }
        for (Address a : accounts) {
          for (Event e : all) {
            deltas.merge(a, e.delta(a), Math::addExact);
          }
          assertThat(before.account(a).balance() + deltas.getOrDefault(a, 0L))
              .as("seed %d block %d account %s", seed, r.block().height(), a)
              .isEqualTo(r.state().account(a).balance());
        }
        rocks.commit(r);
      }
      rocks.close();
      assertThat(seen).contains(Event.Type.FEE, Event.Type.TRANSFER, Event.Type.MINT);
      try (ChainStore reopened = ChainStore.open(RocksDbKeyValueStorage.open(dir), world.genesis)) {
        Map<Address, List<HistoryEntry>> expected = new LinkedHashMap<>();
        for (BlockResult r : results) {
          long h = r.block().height();
          assertThat(reopened.events(h))
              .isEqualTo(new ChainStore.BlockEvents(r.txEvents(), r.blockEvents()));
          for (int t = 0; t < r.outcomes().size(); t++) {
            SignedTransaction tx = r.block().transactions().get(t);
            ChainStore.TxLocation at = reopened.transaction(tx.hash());
            if (at.height() == h && at.index() == t) {
              assertThat(reopened.eventsOf(tx.hash())).isEqualTo(r.txEvents().get(t));
            }
          }
        }
        for (KeyPair k : world.everyone) {
          Address a = Address.of(k);
          List<HistoryEntry> h = reopened.history(a, null, Integer.MAX_VALUE);
          expected.put(a, h);
          for (int i = 1; i < h.size(); i++) {
            HistoryEntry newer = h.get(i - 1);
            HistoryEntry older = h.get(i);
            assertThat(
                    newer.height() > older.height()
                        || (newer.height() == older.height()
                            && (newer.isBlock() || newer.index() > older.index())))
                .as("newest first: %s then %s", newer, older)
                .isTrue();
          }
          // paging with a cursor walks the same list
          List<HistoryEntry> paged = new ArrayList<>();
          HistoryEntry cursor = null;
          while (true) {
            List<HistoryEntry> page = reopened.history(a, cursor, 3);
            if (page.isEmpty()) {
              break;
            }
            paged.addAll(page);
            cursor = HistoryEntry.parse(page.get(page.size() - 1).cursor());
          }
          assertThat(paged).isEqualTo(h);
        }
        // every account a transaction's events name, and its sender, find it in their history
        for (BlockResult r : results) {
          for (int t = 0; t < r.outcomes().size(); t++) {
            SignedTransaction tx = r.block().transactions().get(t);
            HistoryEntry entry = new HistoryEntry(r.block().height(), t);
            Set<Address> named = new HashSet<>();
            named.add(tx.sender());
            r.txEvents().get(t).forEach(e -> named.addAll(e.accounts()));
            for (Address a : named) {
              if (expected.containsKey(a)) {
                assertThat(expected.get(a)).contains(entry);
              }
            }
          }
        }
      }
    } finally {
      FileTrees.deleteRecursively(dir);
    }
  }

  @Test
  void transferRecordsFeeAndTransferAndRejectedTransferRecordsNothing() {
    KeyPair alice = TestChain.key("alice");
    KeyPair bob = TestChain.key("bob");
    KeyPair val = TestChain.key("val");
    Map<KeyPair, Long> balances = new LinkedHashMap<>();
    balances.put(alice, 1_000L);
    balances.put(val, 100_000L);
    Genesis genesis = TestChain.genesis(Params.DEFAULT, balances, List.of(val), 50_000, 1_000);
    TestChain c = new TestChain(genesis, List.of(val), RandomLedger.CHECKER);
    BlockResult r =
        c.block(
            c.tx(alice, new Payload.Transfer(Address.of(bob), 300)),
            c.tx(alice, new Payload.Transfer(Address.of(bob), 5_000)));
    assertThat(r.outcomes()).containsExactly(Outcome.OK, Outcome.INSUFFICIENT_FUNDS);
    assertThat(r.txEvents().get(0))
        .containsExactly(
            Event.of(Event.Type.FEE, Address.of(alice), TestChain.FEE),
            Event.of(Event.Type.TRANSFER, Address.of(alice), Address.of(bob), 300));
    assertThat(r.txEvents().get(1)).isEmpty();
    assertThat(r.blockEvents()).anyMatch(e -> e.type() == Event.Type.MINT);
    assertThat(r.txEvents().get(0).get(1).fields())
        .containsExactly(
            Map.entry("type", "TRANSFER"),
            Map.entry("from", Address.of(alice).toString()),
            Map.entry("to", Address.of(bob).toString()),
            Map.entry("amount", 300L));

    try (ChainStore store = ChainStore.open(new InMemoryKeyValueStorage(), genesis)) {
      store.commit(r);
      SignedTransaction pay = r.block().transactions().get(0);
      assertThat(store.eventsOf(pay.hash())).isEqualTo(r.txEvents().get(0));
      assertThat(store.eventsOf(r.block().transactions().get(1).hash())).isEmpty();
      assertThat(store.history(Address.of(bob), null, 10)).containsExactly(new HistoryEntry(1, 0));
      assertThat(store.history(Address.of(alice), null, 10))
          .containsExactly(new HistoryEntry(1, 1), new HistoryEntry(1, 0));
      assertThat(store.history(Address.of(alice), new HistoryEntry(1, 1), 10))
          .containsExactly(new HistoryEntry(1, 0));
    }
  }

  @Test
  void everyTypeRoundTripsThroughTheCodec() throws Exception {
    Address a = Address.of(TestChain.key("a"));
    Address b = Address.of(TestChain.key("b"));
    List<Event> events = new ArrayList<>();
    for (Event.Type t : Event.Type.values()) {
      events.add(new Event(t, a, t.tag() % 2 == 0 ? b : null, Long.MAX_VALUE - t.tag(), ""));
    }
    events.add(new Event(Event.Type.REDELEGATE, a, b, 5, a.toString()));
    Writer w = new Writer();
    Event.writeList(w, events);
    Reader r = new Reader(w.toByteArray());
    assertThat(Event.readList(r)).isEqualTo(events);
    r.end();
  }
}
