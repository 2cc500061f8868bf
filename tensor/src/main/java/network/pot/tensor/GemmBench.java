package network.pot.tensor;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Throughput of {@link Gemm} in GFLOP/s (2·m·n·k per call), for {@code pot bench engine} and for
 * tuning the kernel.
 *
 * <p>{@link #main} measures square sizes 256 to 2048 and the shapes of the {@code mlp} and {@code
 * cnn} training steps, at 1 and 2 threads, repeating each measurement and printing the median of
 * the wall-clock and of the per-CPU-second figures. Run it with {@code --add-modules
 * jdk.incubator.vector}.
 */
public final class GemmBench {
  private GemmBench() {}

  /** One benchmarked shape. */
  public record Shape(String name, int m, int n, int k, boolean transA) {}

  /** Square sizes 256..2048 and the matrix products of the mlp and cnn training steps. */
  public static List<Shape> standardShapes() {
    List<Shape> shapes = new ArrayList<>();
    for (int s = 256; s <= 2048; s *= 2) {
      shapes.add(new Shape("square " + s, s, s, s, false));
    }
    shapes.add(new Shape("mlp fc1 forward", 64, 256, 784, false));
    shapes.add(new Shape("mlp fc1 weight grad (transA)", 784, 256, 64, true));
    shapes.add(new Shape("mlp fc2 input grad", 64, 256, 128, false));
    shapes.add(new Shape("mlp fc3 forward", 64, 10, 128, false));
    shapes.add(new Shape("cnn conv1 forward", 36864, 32, 25, false));
    shapes.add(new Shape("cnn conv1 weight grad (transA)", 25, 32, 36864, true));
    shapes.add(new Shape("cnn conv2 forward", 4096, 64, 800, false));
    shapes.add(new Shape("cnn conv2 weight grad (transA)", 800, 64, 4096, true));
    shapes.add(new Shape("cnn conv2 input grad", 4096, 800, 64, false));
    return shapes;
  }

  /**
   * Runs {@code C = A·B} of the given shape on {@code threads} threads for about {@code seconds}
   * after a warm-up, and returns GFLOP/s.
   */
  public static double gflops(int m, int n, int k, boolean transA, int threads, double seconds) {
    try (Parallel par = Parallel.of(threads)) {
      return gflops(par, m, n, k, transA, seconds);
    }
  }

  /** As {@link #gflops(int, int, int, boolean, int, double)} on an existing pool. */
  public static double gflops(Parallel par, int m, int n, int k, boolean transA, double seconds) {
    return measure(par, m, n, k, transA, seconds).wallGflops();
  }

  /**
   * Throughput per second of wall time and per second of CPU time of the whole process (all pool
   * threads, spinning included). On a shared machine the second figure shows what the kernel does
   * with the CPU it gets; their ratio is the number of cores it effectively used.
   */
  public record Result(double wallGflops, double cpuGflops) {}

  /** Measures both figures of {@link Result} for one shape. */
  public static Result measure(Parallel par, int m, int n, int k, boolean transA, double seconds) {
    SplittableRandom rnd = new SplittableRandom(1);
    float[] a = random(rnd, m * k);
    float[] b = random(rnd, k * n);
    float[] c = new float[m * n];
    int lda = transA ? m : k;
    Runnable call = () -> Gemm.gemm(par, transA, m, n, k, a, 0, lda, b, 0, n, c, 0, n, null, false);
    long warmEnd = System.nanoTime() + (long) (0.2 * seconds * 1e9);
    do {
      call.run();
    } while (System.nanoTime() < warmEnd);
    long calls = 0;
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long now;
    do {
      call.run();
      calls++;
      now = System.nanoTime();
    } while (now < end);
    long cpu = processCpuNanos() - cpuStart;
    double flops = 2.0 * m * n * k * calls;
    return new Result(flops / (now - start), cpu > 0 ? flops / cpu : Double.NaN);
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : -1;
  }

  private static float[] random(SplittableRandom rnd, int size) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return x;
  }

  /**
   * Prints the median GFLOP/s of {@code repeats} runs per shape and thread count. Arguments:
   * [seconds per run, default 0.3] [repeats, default 5] [max threads, default 2].
   */
  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 0.3;
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int maxThreads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    System.out.printf(
        "vector lanes %d, %.2f s x %d repeats, median GFLOP/s%n",
        GemmKernel.LANES, seconds, repeats);
    System.out.println(
        "shape                              m x n x k          threads: wall GFLOP/s (per CPU-second)");
    for (Shape s : standardShapes()) {
      StringBuilder line = new StringBuilder(String.format("%-34s", s.name()));
      line.append(String.format(" %5dx%5dx%5d", s.m(), s.n(), s.k()));
      for (int t = 1; t <= maxThreads; t++) {
        try (Parallel par = Parallel.of(t)) {
          double[] wall = new double[repeats];
          double[] cpu = new double[repeats];
          for (int r = 0; r < repeats; r++) {
            Result res = measure(par, s.m(), s.n(), s.k(), s.transA(), seconds);
            wall[r] = res.wallGflops();
            cpu[r] = res.cpuGflops();
          }
          line.append(String.format("  %dT %6.1f (%5.1f)", t, median(wall), median(cpu)));
        }
      }
      System.out.println(line);
    }
  }

  private static double median(double[] x) {
    double[] sorted = x.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
