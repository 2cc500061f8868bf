package network.pot.tensor;

import static network.pot.tensor.GemmBits.assertSameBits;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The fast {@link Gemm} equals the scalar contract ({@link GemmReference}) bit for bit over random
 * shapes, layouts, initial values and thread counts. jqwik reports the seed and the generated
 * parameters of any failing try; {@link GemmCase} rebuilds the data from them.
 */
class GemmPropertyTest {
  private static final Parallel[] POOLS = {Parallel.of(1), Parallel.of(2), Parallel.of(3)};

  @AfterContainer
  static void closePools() {
    for (Parallel p : POOLS) {
      p.close();
    }
  }

  /** Small shapes: 1..3 rows, k = 0 and 1, widths below one vector, ragged tails. */
  @Property(tries = 400)
  void smallShapesMatchReference(
      @ForAll long seed,
      @ForAll boolean transA,
      @ForAll @IntRange(min = 1, max = 40) int m,
      @ForAll @IntRange(min = 1, max = 80) int n,
      @ForAll @IntRange(min = 0, max = 70) int k,
      @ForAll @IntRange(min = 0, max = 5) int pad,
      @ForAll GemmCase.Init init,
      @ForAll @IntRange(min = 1, max = 3) int threads) {
    check(GemmCase.of(seed, transA, m, n, k, pad, init), threads);
  }

  /** Shapes large enough to be split across threads and to span several k slices. */
  @Property(tries = 30)
  void largeShapesMatchReference(
      @ForAll long seed,
      @ForAll boolean transA,
      @ForAll @IntRange(min = 1, max = 200) int m,
      @ForAll @IntRange(min = 1, max = 300) int n,
      @ForAll @IntRange(min = 200, max = 600) int k,
      @ForAll @IntRange(min = 0, max = 9) int pad,
      @ForAll GemmCase.Init init,
      @ForAll @IntRange(min = 1, max = 3) int threads) {
    check(GemmCase.of(seed, transA, m, n, k, pad, init), threads);
  }

  private static void check(GemmCase g, int threads) {
    assertSameBits(
        g + " on " + threads + " threads", g.runReference(), g.runFast(POOLS[threads - 1]));
  }
}
