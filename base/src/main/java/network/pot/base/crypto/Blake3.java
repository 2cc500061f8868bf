package network.pot.base.crypto;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import network.pot.base.codec.LittleEndian;

/**
 * BLAKE3 in hash mode with the default 32-byte output, written from the BLAKE3 specification
 * (O'Connor, Aumasson, Neves, Wilcox-O'Hearn, 2020). It hashes large buffers, the checkpoints a
 * proof of training commits to, several times faster than the JDK's SHA-256 here: the input is
 * split into 1 KiB chunks that are independent until the tree above them, so {@code Blake3Lanes}
 * compresses one chunk per lane of a vector register, and then the parents of each tree level the
 * same way. What is left over (the last partial group of chunks, short levels, the root) takes the
 * scalar path of this class, which is also the reference the vector path is tested against.
 *
 * <p>The result is the same on every machine: the compression function is 32-bit addition,
 * exclusive or and rotation, exact in any lane width, and which chunk goes to which lane does not
 * change what is computed. Without the incubating vector module (a JVM started without {@code
 * --add-modules jdk.incubator.vector}) every chunk takes the scalar path, with the same result.
 */
public final class Blake3 {
  /** Bytes in a digest. */
  public static final int SIZE = 32;

  static final int CHUNK_LEN = 1024;
  static final int BLOCK_LEN = 64;
  static final int BLOCKS_PER_CHUNK = CHUNK_LEN / BLOCK_LEN;

  static final int CHUNK_START = 1;
  static final int CHUNK_END = 1 << 1;
  static final int PARENT = 1 << 2;
  static final int ROOT = 1 << 3;

  /** The initial chaining value (the same constants as SHA-256's). */
  static final int[] IV = {
    0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19
  };

  /** How the sixteen message words are reordered between rounds. */
  static final int[] MSG_PERMUTATION = {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8};

  static final int ROUNDS = 7;

  /**
   * {@code Blake3Lanes.chunks} and {@code Blake3Lanes.parents}, or null without the vector module.
   * They are found at run time because that class alone is compiled with the incubating module.
   */
  private static final MethodHandle CHUNKS;

  private static final MethodHandle PARENTS;

  /** Inputs the vector path compresses at once; 1 without it. */
  static final int LANE_COUNT;

  static {
    MethodHandle chunks = null;
    MethodHandle parents = null;
    int lanes = 1;
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      try {
        Class<?> k = Class.forName(Blake3.class.getPackageName() + ".Blake3Lanes");
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        chunks =
            lookup.findStatic(
                k,
                "chunks",
                MethodType.methodType(int.class, byte[].class, int.class, int.class, int[].class));
        parents =
            lookup.findStatic(
                k, "parents", MethodType.methodType(int.class, int[].class, int.class));
        lanes = (int) lookup.findStaticVarHandle(k, "LANES", int.class).get();
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
    CHUNKS = chunks;
    PARENTS = parents;
    LANE_COUNT = lanes;
  }

  private Blake3() {}

  /** BLAKE3 of {@code in}. */
  public static byte[] hash(byte[] in) {
    return hash(in, 0, in.length);
  }

  /** BLAKE3 of {@code in[off, off + len)}. */
  public static byte[] hash(byte[] in, int off, int len) {
    return hash(in, off, len, CHUNKS != null);
  }

  /**
   * BLAKE3 of {@code in[off, off + len)} by the scalar path alone: the reference the vector path is
   * tested against, and a figure for benchmarks.
   */
  public static byte[] hashScalar(byte[] in, int off, int len) {
    return hash(in, off, len, false);
  }

  private static byte[] hash(byte[] in, int off, int len, boolean lanes) {
    if (off < 0 || len < 0 || off > in.length - len) {
      throw new IndexOutOfBoundsException(
          "range [" + off + ", " + off + "+" + len + ") of " + in.length);
    }
    int chunks = Math.max(1, (len + CHUNK_LEN - 1) / CHUNK_LEN);
    if (chunks == 1) {
      int[] cv = new int[8];
      chunk(in, off, len, 0, ROOT, cv, 0);
      return bytes(cv, 0);
    }
    int[] cvs = new int[8 * chunks];
    // every chunk but the last is full; the last one is never handed to the lanes
    int done = lanes ? laneChunks(in, off, chunks - 1, cvs) : 0;
    for (int c = done; c < chunks; c++) {
      int start = c * CHUNK_LEN;
      chunk(in, off + start, Math.min(CHUNK_LEN, len - start), c, 0, cvs, 8 * c);
    }
    // The tree: each level pairs its nodes left to right and carries an odd last node up
    // unchanged. That builds exactly the specification's tree, whose left subtree always holds
    // the largest power of two of chunks that leaves the right subtree at least one.
    int n = chunks;
    int[] block = new int[16];
    while (n > 2) {
      int pairs = n / 2;
      int merged = lanes ? laneParents(cvs, pairs) : 0;
      for (int p = merged; p < pairs; p++) {
        System.arraycopy(cvs, 16 * p, block, 0, 16);
        compress(IV, 0, block, 0, BLOCK_LEN, PARENT, cvs, 8 * p);
      }
      if ((n & 1) == 1) {
        System.arraycopy(cvs, 8 * (n - 1), cvs, 8 * pairs, 8);
      }
      n = pairs + (n & 1);
    }
    System.arraycopy(cvs, 0, block, 0, 16);
    int[] root = new int[8];
    compress(IV, 0, block, 0, BLOCK_LEN, PARENT | ROOT, root, 0);
    return bytes(root, 0);
  }

  /** {@code Blake3Lanes.chunks}; only when {@link #CHUNKS} is there. */
  static int laneChunks(byte[] in, int off, int n, int[] cvs) {
    try {
      return (int) CHUNKS.invokeExact(in, off, n, cvs);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** {@code Blake3Lanes.parents}; only when {@link #PARENTS} is there. */
  private static int laneParents(int[] cvs, int pairs) {
    try {
      return (int) PARENTS.invokeExact(cvs, pairs);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /**
   * The chaining value of one chunk of {@code len} (0 to 1024) bytes at {@code in[off]}, chunk
   * number {@code counter}, into {@code out[outOff, outOff + 8)}; {@code rootFlag} is {@link #ROOT}
   * when the chunk is the whole input.
   */
  private static void chunk(
      byte[] in, int off, int len, long counter, int rootFlag, int[] out, int outOff) {
    int blocks = Math.max(1, (len + BLOCK_LEN - 1) / BLOCK_LEN);
    int[] cv = IV.clone();
    int[] m = new int[16];
    byte[] pad = new byte[BLOCK_LEN];
    for (int b = 0; b < blocks; b++) {
      int start = b * BLOCK_LEN;
      int blockLen = Math.min(BLOCK_LEN, len - start);
      byte[] src = in;
      int at = off + start;
      if (blockLen < BLOCK_LEN) {
        java.util.Arrays.fill(pad, (byte) 0);
        System.arraycopy(in, at, pad, 0, blockLen);
        src = pad;
        at = 0;
      }
      for (int j = 0; j < 16; j++) {
        m[j] = LittleEndian.getU32(src, at + 4 * j);
      }
      int flags = (b == 0 ? CHUNK_START : 0) | (b == blocks - 1 ? CHUNK_END | rootFlag : 0);
      compress(
          cv,
          0,
          m,
          counter,
          blockLen,
          flags,
          b == blocks - 1 ? out : cv,
          b == blocks - 1 ? outOff : 0);
    }
  }

  /**
   * The compression function, truncated to the eight words a chaining value (or a 32-byte root
   * output) needs: {@code cv[cvOff, cvOff + 8)} and the block {@code m} give {@code out[outOff,
   * outOff + 8)}, which may be the same words as the input chaining value.
   */
  static void compress(
      int[] cv, int cvOff, int[] m, long counter, int blockLen, int flags, int[] out, int outOff) {
    int[] s = {
      cv[cvOff],
      cv[cvOff + 1],
      cv[cvOff + 2],
      cv[cvOff + 3],
      cv[cvOff + 4],
      cv[cvOff + 5],
      cv[cvOff + 6],
      cv[cvOff + 7],
      IV[0],
      IV[1],
      IV[2],
      IV[3],
      (int) counter,
      (int) (counter >>> 32),
      blockLen,
      flags
    };
    int[] w = m.clone();
    int[] next = new int[16];
    for (int r = 0; r < ROUNDS; r++) {
      g(s, 0, 4, 8, 12, w[0], w[1]);
      g(s, 1, 5, 9, 13, w[2], w[3]);
      g(s, 2, 6, 10, 14, w[4], w[5]);
      g(s, 3, 7, 11, 15, w[6], w[7]);
      g(s, 0, 5, 10, 15, w[8], w[9]);
      g(s, 1, 6, 11, 12, w[10], w[11]);
      g(s, 2, 7, 8, 13, w[12], w[13]);
      g(s, 3, 4, 9, 14, w[14], w[15]);
      for (int i = 0; i < 16; i++) {
        next[i] = w[MSG_PERMUTATION[i]];
      }
      System.arraycopy(next, 0, w, 0, 16);
    }
    for (int i = 0; i < 8; i++) {
      out[outOff + i] = s[i] ^ s[i + 8];
    }
  }

  /** The quarter-round G on state words a, b, c, d with message words x, y. */
  private static void g(int[] s, int a, int b, int c, int d, int x, int y) {
    s[a] = s[a] + s[b] + x;
    s[d] = Integer.rotateRight(s[d] ^ s[a], 16);
    s[c] = s[c] + s[d];
    s[b] = Integer.rotateRight(s[b] ^ s[c], 12);
    s[a] = s[a] + s[b] + y;
    s[d] = Integer.rotateRight(s[d] ^ s[a], 8);
    s[c] = s[c] + s[d];
    s[b] = Integer.rotateRight(s[b] ^ s[c], 7);
  }

  private static byte[] bytes(int[] words, int off) {
    byte[] out = new byte[SIZE];
    for (int i = 0; i < 8; i++) {
      LittleEndian.putU32(out, 4 * i, words[off + i]);
    }
    return out;
  }
}
