package network.pot.p2p;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import network.pot.p2p.gossip.Topics;
import network.pot.p2p.gossip.Validation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Gossip over a larger random graph (seeded by {@code -Dpot.test.seed}): every message reaches
 * every node although each relays to only some of its peers.
 */
@Tag("long")
@Timeout(300)
class GossipScaleTest {
  private static final long SEED = Long.getLong("pot.test.seed", 60);

  @Test
  void everyMessageReachesAllNodesOfARandomGraph() throws Exception {
    int n = 24;
    int messages = 200;
    List<ConcurrentHashMap<String, Boolean>> got = new ArrayList<>();
    try (TestNet net = new TestNet(SEED)) {
      for (int i = 0; i < n; i++) {
        ConcurrentHashMap<String, Boolean> mine = new ConcurrentHashMap<>();
        got.add(mine);
        net.add(
            c -> c.gossipFanout(4),
            node ->
                node.onGossip(
                    Topics.VOTES,
                    (from, p) -> {
                      mine.put(new String(p, UTF_8), true);
                      return Validation.ACCEPT;
                    }));
      }
      SplittableRandom r = new SplittableRandom(SEED);
      for (int i = 1; i < n; i++) {
        net.connect(i, r.nextInt(i)); // a random tree keeps the graph connected...
      }
      for (int extra = 0; extra < n; extra++) {
        int a = r.nextInt(n);
        int b = r.nextInt(n);
        if (a != b && !net.node(a).peers().contains(net.node(b).id())) {
          net.connect(a, b); // ...plus random chords
        }
      }
      int[] publishedBy = new int[n];
      for (int m = 0; m < messages; m++) {
        int origin = r.nextInt(n);
        publishedBy[origin]++;
        net.node(origin).publish(Topics.VOTES, ("vote-" + m).getBytes(UTF_8));
      }
      for (int i = 0; i < n; i++) {
        int node = i;
        Await.until(
            "seed " + SEED + ": node " + i + " got every message it did not publish",
            () -> got.get(node).size() + publishedBy[node] == messages,
            java.time.Duration.ofSeconds(60));
      }
      for (int i = 0; i < n; i++) {
        assertThat(got.get(i)).as("seed %d node %d", SEED, i).hasSize(messages - publishedBy[i]);
      }
    }
  }
}
