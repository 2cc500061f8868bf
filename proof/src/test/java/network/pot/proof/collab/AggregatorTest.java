package network.pot.proof.collab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataFormatException;
import org.junit.jupiter.api.Test;

/** The outer step's arithmetic, the global model's encoding, shards and round bindings. */
class AggregatorTest {
  static final CollabSpec SPEC = CollabFixture.spec(8, 2, 1, 4, 3);

  static Aggregator.Update shifted(GlobalModel g, String miner, float by) {
    List<float[]> w = new ArrayList<>();
    for (int t = 0; t < g.tensors(); t++) {
      float[] p = g.param(t);
      for (int j = 0; j < p.length; j++) {
        p[j] += by;
      }
      w.add(p);
    }
    return new Aggregator.Update(CollabFixture.id(miner), w);
  }

  @Test
  void plainAveragingIsTheMeanAndNesterovFollowsItsFormula() {
    GlobalModel g = GlobalModel.genesis(SPEC);
    List<Aggregator.Update> ups = List.of(shifted(g, "a", 0.5f), shifted(g, "b", -0.25f));
    try (Parallel par = Parallel.of(2)) {
      CollabSpec plain = SPEC.toBuilder().outer(OuterOptimizer.PLAIN_AVERAGING).build();
      GlobalModel avg = Aggregator.next(plain, g, ups, par);
      GlobalModel nes = Aggregator.next(SPEC, g, ups, par);
      for (int t = 0; t < g.tensors(); t++) {
        float[] w = g.param(t);
        float[] a = ups.get(0).weights().get(t);
        float[] b = ups.get(1).weights().get(t);
        for (int j = 0; j < w.length; j += 97) {
          // miner ids sort a < b? the sum is over sorted ids; compute in that order
          float s = 0f;
          for (float[] th : sortedByMiner(ups, t)) {
            s += w[j] - th[j];
          }
          float d = s / 2f;
          assertThat(avg.param(t)[j]).isEqualTo(w[j] - 1f * (d + 0f * d));
          assertThat(avg.param(t)[j])
              .isCloseTo((a[j] + b[j]) / 2f, org.assertj.core.data.Offset.offset(1e-5f));
          float v = 0.9f * 0f + d;
          assertThat(nes.momentum(t)[j]).isEqualTo(v);
          assertThat(nes.param(t)[j]).isEqualTo(w[j] - 0.7f * (d + 0.9f * v));
        }
      }
      assertThat(nes.round()).isEqualTo(1);
    }
  }

  private static List<float[]> sortedByMiner(List<Aggregator.Update> ups, int t) {
    List<Aggregator.Update> s = new ArrayList<>(ups);
    s.sort((x, y) -> java.util.Arrays.compareUnsigned(x.minerId(), y.minerId()));
    return s.stream().map(u -> u.weights().get(t)).toList();
  }

  @Test
  void twoUpdatesFromOneMinerAreABug() {
    GlobalModel g = GlobalModel.genesis(SPEC);
    try (Parallel par = Parallel.of(1)) {
      assertThatThrownBy(
              () -> Aggregator.next(SPEC, g, List.of(shifted(g, "a", 1), shifted(g, "a", 2)), par))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void theGlobalModelRoundTripsThroughItsBytesAndIsContentAddressed() throws Exception {
    GlobalModel g = GlobalModel.genesis(SPEC);
    try (Parallel par = Parallel.of(1)) {
      GlobalModel g1 = Aggregator.next(SPEC, g, List.of(shifted(g, "a", 0.125f)), par);
      GlobalModel back = GlobalModel.decode(g1.encode(), SPEC.inner().model());
      assertThat(back.stateHash()).isEqualTo(g1.stateHash());
      assertThat(back.modelHash()).isEqualTo(g1.modelHash());
      assertThat(back.round()).isEqualTo(1);
      assertThat(g1.stateHash()).isNotEqualTo(g.stateHash());
      assertThat(back.outerStateHash()).isEqualTo(g1.outerStateHash());
      assertThat(g1.outerStateHash()).isNotEqualTo(g.outerStateHash());
      // below quorum the weights stay and the round moves on: the outer state's hash names it
      GlobalModel still = Aggregator.next(SPEC.toBuilder().quorum(2).build(), g1, List.of(), par);
      assertThat(still.modelHash()).isEqualTo(g1.modelHash());
      assertThat(still.outerStateHash()).isNotEqualTo(g1.outerStateHash());
      byte[] cut = java.util.Arrays.copyOf(g1.encode(), 100);
      assertThatThrownBy(() -> GlobalModel.decode(cut, SPEC.inner().model()))
          .isInstanceOf(DataFormatException.class);
      // genesis is a function of the task alone
      assertThat(GlobalModel.genesis(SPEC).stateHash()).isEqualTo(g.stateHash());
    }
  }

  @Test
  void shardsAreDisjointCoverTheSplitAndDependOnTheTask() {
    int n = CollabFixture.DATA.train().size();
    boolean[] seen = new boolean[n];
    int total = 0;
    for (int s = 0; s < SPEC.miners(); s++) {
      int[] idx = Shards.indices(SPEC, s, n);
      total += idx.length;
      for (int i : idx) {
        assertThat(seen[i]).as("sample %d twice", i).isFalse();
        seen[i] = true;
      }
    }
    assertThat(total).isEqualTo(n);
    CollabSpec other = SPEC.toBuilder().rounds(5).build();
    assertThat(Shards.indices(other, 0, n)).isNotEqualTo(Shards.indices(SPEC, 0, n));
    assertThat(Shards.indices(SPEC, 0, n)).isEqualTo(Shards.indices(SPEC, 0, n));
  }

  @Test
  void theRoundBindingChangesWithRoundMinerSlotAndGlobalModel() {
    Enrollment e = CollabFixture.enrollment(0);
    byte[] h = GlobalModel.genesis(SPEC).modelHash();
    var base = SPEC.roundBinding(e, 0, h).seeds();
    assertThat(SPEC.roundBinding(e, 1, h).seeds()).isNotEqualTo(base);
    assertThat(SPEC.roundBinding(CollabFixture.enrollment(1), 0, h).seeds()).isNotEqualTo(base);
    assertThat(SPEC.roundBinding(new Enrollment(e.minerId(), e.enrollHash(), 1), 0, h).seeds())
        .isNotEqualTo(base);
    assertThat(SPEC.roundBinding(e, 0, CollabFixture.id("other G")).seeds()).isNotEqualTo(base);
    assertThat(SPEC.roundBinding(e, 0, h).seeds()).isEqualTo(base);
    assertThat(SPEC.roundBinding(e, 0, h).taskId()).isEqualTo(SPEC.inner().taskId());
  }
}
