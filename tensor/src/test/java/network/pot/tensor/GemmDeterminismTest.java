package network.pot.tensor;

import static network.pot.tensor.GemmBits.assertSameBits;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Results do not depend on the thread count or the vector width: the same bits for 1, 2 and 3
 * threads, and for the kernel compiled with 128- and 256-bit vectors as with the preferred width.
 *
 * <p>The vector width is a {@code static final} constant of {@link GemmKernel}, chosen when the
 * class initializes. To run a second width in this JVM, the engine's classes are loaded again by a
 * separate class loader while {@value GemmKernel#VECTOR_BITS_PROPERTY} is set.
 */
class GemmDeterminismTest {
  private static final List<GemmCase> CASES =
      List.of(
          GemmCase.of(11, false, 97, 131, 301, 7, GemmCase.Init.BIAS),
          GemmCase.of(12, true, 203, 45, 77, 3, GemmCase.Init.ACCUMULATE),
          GemmCase.of(13, false, 3, 517, 260, 0, GemmCase.Init.ZERO),
          GemmCase.of(14, true, 64, 10, 128, 2, GemmCase.Init.ZERO),
          GemmCase.of(15, false, 130, 33, 1, 4, GemmCase.Init.ACCUMULATE));

  @Test
  void sameBitsForOneTwoAndThreeThreads() {
    for (GemmCase g : CASES) {
      float[] expected = g.runReference();
      for (int threads = 1; threads <= 3; threads++) {
        try (Parallel par = Parallel.of(threads)) {
          assertSameBits(g + " on " + threads + " threads", expected, g.runFast(par));
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {128, 256})
  void sameBitsForNarrowerVectors(int bits) throws Exception {
    try (URLClassLoader loader = isolatedEngine(bits)) {
      Class<?> kernel = loader.loadClass(GemmKernel.class.getName());
      Field lanes = kernel.getDeclaredField("LANES");
      lanes.setAccessible(true); // another loader's copy is another runtime package
      assertThat(lanes.getInt(null))
          .as("lanes of the reloaded kernel")
          .isEqualTo(bits / Float.SIZE);
      Class<?> parallel = loader.loadClass(Parallel.class.getName());
      Method gemm =
          loader.loadClass(Gemm.class.getName()).getMethod("gemm", gemmParameters(parallel));
      for (GemmCase g : CASES) {
        for (int threads = 1; threads <= 2; threads++) {
          try (AutoCloseable par =
              (AutoCloseable) parallel.getMethod("of", int.class).invoke(null, threads)) {
            float[] c = g.c();
            gemm.invoke(
                null,
                par,
                g.transA(),
                g.m(),
                g.n(),
                g.k(),
                g.a(),
                g.aOff(),
                g.lda(),
                g.b(),
                g.bOff(),
                g.ldb(),
                c,
                g.cOff(),
                g.ldc(),
                g.bias(),
                g.init() == GemmCase.Init.ACCUMULATE);
            assertSameBits(
                g + " at " + bits + " bits, " + threads + " threads", g.runReference(), c);
          }
        }
      }
    }
  }

  /** A fresh copy of the engine's classes whose kernel uses {@code bits}-wide vectors. */
  private static URLClassLoader isolatedEngine(int bits) throws Exception {
    URL classes = Gemm.class.getProtectionDomain().getCodeSource().getLocation();
    URLClassLoader loader =
        new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader());
    String previous = System.setProperty(GemmKernel.VECTOR_BITS_PROPERTY, Integer.toString(bits));
    try {
      Class.forName(GemmKernel.class.getName(), true, loader);
    } finally {
      if (previous == null) {
        System.clearProperty(GemmKernel.VECTOR_BITS_PROPERTY);
      } else {
        System.setProperty(GemmKernel.VECTOR_BITS_PROPERTY, previous);
      }
    }
    return loader;
  }

  /** The parameter types of {@link Gemm#gemm}, with the reloaded {@code Parallel}. */
  private static Class<?>[] gemmParameters(Class<?> parallel) {
    return new Class<?>[] {
      parallel,
      boolean.class,
      int.class,
      int.class,
      int.class,
      float[].class,
      int.class,
      int.class,
      float[].class,
      int.class,
      int.class,
      float[].class,
      int.class,
      int.class,
      float[].class,
      boolean.class
    };
  }
}
