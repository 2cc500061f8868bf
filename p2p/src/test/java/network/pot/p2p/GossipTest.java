package network.pot.p2p;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import network.pot.p2p.crypto.NodeId;
import network.pot.p2p.gossip.Topics;
import network.pot.p2p.gossip.Validation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Gossip between real nodes: reach, dedup, banning, rate limits. */
@Timeout(60)
class GossipTest {
  /** Per node: how many times each payload was delivered. */
  private final List<ConcurrentHashMap<String, AtomicInteger>> delivered = new ArrayList<>();

  private P2pNode addCounting(TestNet net, int fanout) throws Exception {
    ConcurrentHashMap<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    delivered.add(seen);
    return net.add(
        c -> c.gossipFanout(fanout),
        n ->
            n.onGossip(
                Topics.TRANSACTIONS,
                (from, payload) -> {
                  String s = new String(payload, UTF_8);
                  seen.computeIfAbsent(s, k -> new AtomicInteger()).incrementAndGet();
                  return s.startsWith("bad") ? Validation.REJECT : Validation.ACCEPT;
                }));
  }

  @Test
  void gossipReachesEveryNodeOnceThroughARingWithChords() throws Exception {
    int n = 8;
    try (TestNet net = new TestNet(11)) {
      for (int i = 0; i < n; i++) {
        addCounting(net, 3);
      }
      for (int i = 0; i < n; i++) {
        net.connect(i, (i + 1) % n); // a ring...
      }
      for (int i = 0; i < n / 2; i++) {
        net.connect(i, i + n / 2); // ...with chords, so copies arrive over several paths
      }
      for (int m = 0; m < 20; m++) {
        assertThat(net.node(m % n).publish(Topics.TRANSACTIONS, ("tx-" + m).getBytes(UTF_8)))
            .isPositive();
      }
      for (int i = 0; i < n; i++) {
        int node = i;
        Await.until(
            "node " + i + " got all 20 (origin excluded): " + delivered.get(node).keySet(),
            () -> delivered.get(node).size() == 20 - countOrigin(node, n));
      }
      int duplicates = 0;
      for (int i = 0; i < n; i++) {
        for (AtomicInteger c : delivered.get(i).values()) {
          assertThat(c.get()).as("delivered once").isEqualTo(1);
        }
        duplicates += net.node(i).gossipDuplicates();
      }
      assertThat(duplicates).as("redundant copies were dropped by dedup").isPositive();
    }
  }

  private static int countOrigin(int node, int n) {
    int own = 0;
    for (int m = 0; m < 20; m++) {
      if (m % n == node) {
        own++;
      }
    }
    return own;
  }

  @Test
  void aPeerSendingInvalidMessagesIsBannedAndNotRelayed() throws Exception {
    try (TestNet net = new TestNet(12)) {
      P2pNode victim = addCounting(net, 8);
      P2pNode attacker = addCounting(net, 8);
      addCounting(net, 8);
      net.connect(1, 0);
      net.connect(0, 2);
      NodeId bad = attacker.id();
      // four rejections reach the ban score; scores recover slowly, so send a couple more
      for (int i = 0; i < 6; i++) {
        attacker.publish(Topics.TRANSACTIONS, ("bad-" + i).getBytes(UTF_8));
      }
      Await.until("attacker banned", () -> victim.isBanned(bad));
      Await.until("attacker disconnected", () -> !victim.peers().contains(bad));
      assertThat(delivered.get(2)).as("rejected messages are not relayed").isEmpty();
      assertThat(victim.scores().score("node:" + net.node(2).id().toHex())).isZero();
    }
  }

  @Test
  void aPeerOverItsRateLimitIsThrottledThenBanned() throws Exception {
    try (TestNet net = new TestNet(13)) {
      ConcurrentHashMap<String, AtomicInteger> got = new ConcurrentHashMap<>();
      P2pNode slow =
          net.add(
              c -> c.rateLimit(5, 10),
              n ->
                  n.onGossip(
                      Topics.VOTES,
                      (f, p) -> {
                        got.computeIfAbsent(new String(p, UTF_8), k -> new AtomicInteger())
                            .incrementAndGet();
                        return Validation.ACCEPT;
                      }));
      P2pNode flood = net.add();
      net.connect(1, 0);
      for (int i = 0; i < 200 && !flood.peers().isEmpty(); i++) {
        flood.publish(Topics.VOTES, ("vote-" + i).getBytes(UTF_8));
      }
      Await.until("flooder banned", () -> slow.isBanned(flood.id()));
      assertThat(got.size()).isLessThan(200);
    }
  }

  @Test
  void peersTheRelayDidNotPushToFetchTheMessageByItsAnnouncedHash() throws Exception {
    try (TestNet net = new TestNet(14)) {
      addCounting(net, 1); // the hub pushes to one peer only
      for (int i = 1; i <= 5; i++) {
        addCounting(net, 8);
        net.connect(i, 0);
      }
      assertThat(net.node(1).publish(Topics.TRANSACTIONS, "tx-star".getBytes(UTF_8))).isEqualTo(1);
      for (int i = 2; i <= 5; i++) {
        int leaf = i;
        Await.until("leaf " + i + " got it", () -> delivered.get(leaf).containsKey("tx-star"));
      }
      for (int i = 0; i <= 5; i++) {
        assertThat(delivered.get(i).getOrDefault("tx-star", new AtomicInteger()).get())
            .isEqualTo(i == 1 ? 0 : 1);
      }
    }
  }

  @Test
  void anAnswerThatDoesNotMatchTheAnnouncedHashIsPenalized() throws Exception {
    try (TestNet net = new TestNet(15)) {
      addCounting(net, 8);
      addCounting(net, 8);
      // the liar pushes to one peer, announces to the other, and answers the fetch with a forgery
      P2pNode liar = addCounting(net, 1);
      liar.onRequest(
          Protocols.GOSSIP_IWANT,
          (from, id) ->
              Reply.ok(
                  network.pot.p2p.wire.MessageCodec.encode(
                      new network.pot.p2p.wire.Message.Gossip(
                          Topics.TRANSACTIONS, "forged".getBytes(UTF_8)))));
      net.connect(2, 0);
      net.connect(2, 1);
      liar.publish(Topics.TRANSACTIONS, "real".getBytes(UTF_8));
      String liarKey = "node:" + liar.id().toHex();
      Await.until(
          "the peer that fetched is penalized",
          () -> net.node(0).scores().score(liarKey) < 0 || net.node(1).scores().score(liarKey) < 0);
      assertThat(delivered.get(0)).doesNotContainKey("forged");
      assertThat(delivered.get(1)).doesNotContainKey("forged");
    }
  }
}
