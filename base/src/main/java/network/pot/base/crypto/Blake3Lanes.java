package network.pot.base.crypto;

import static jdk.incubator.vector.VectorOperators.ROR;
import static jdk.incubator.vector.VectorOperators.XOR;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The BLAKE3 compression function over many inputs at once, one per lane of a vector of 32-bit
 * words: {@link #chunks} compresses as many whole 1 KiB chunks together as there are lanes, and
 * {@link #parents} as many parent nodes of one tree level. State word i of every lane's compression
 * lives in vector i; the message words are gathered across the inputs. Only integer addition,
 * exclusive or and rotation are used, so the lanes compute exactly what {@link Blake3#compress}
 * does, whatever the width. Loaded only when the incubating vector module is present.
 */
final class Blake3Lanes {
  // A static final species, or C2 does not compile the operations to vector instructions.
  private static final VectorSpecies<Integer> SPECIES = IntVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();

  /** Lane l reads the chunk that starts l * 256 words further on. */
  private static final int[] CHUNK_MAP = stride(Blake3.CHUNK_LEN / 4);

  /** Lane l reads the pair of chaining values that starts l * 16 words further on. */
  private static final int[] PAIR_MAP = stride(16);

  /** Lane l writes the chaining value that starts l * 8 words further on. */
  private static final int[] CV_MAP = stride(8);

  private static final int[] ZEROS = new int[LANES];

  /**
   * Where round r finds its message word i: at {@code SCHEDULE[16r + i]} in the transposed message
   * (word j of every lane at {@code j * LANES}), after r applications of the permutation.
   */
  private static final int[] SCHEDULE = schedule();

  private Blake3Lanes() {}

  private static int[] schedule() {
    int[] order = new int[Blake3.ROUNDS * 16];
    int[] words = new int[16];
    for (int i = 0; i < 16; i++) {
      words[i] = i;
    }
    for (int r = 0; r < Blake3.ROUNDS; r++) {
      int[] next = new int[16];
      for (int i = 0; i < 16; i++) {
        order[16 * r + i] = words[i] * LANES;
        next[i] = words[Blake3.MSG_PERMUTATION[i]];
      }
      words = next;
    }
    return order;
  }

  private static int[] stride(int s) {
    int[] m = new int[LANES];
    for (int l = 0; l < m.length; l++) {
      m[l] = l * s;
    }
    return m;
  }

  /**
   * Chaining values of the first {@code n} chunks of {@code in} from {@code off}, whole chunks of
   * the input and none of them the root, into {@code cvs} (eight words a chunk), a multiple of
   * {@link #LANES} at a time; returns how many were done.
   */
  static int chunks(byte[] in, int off, int n, int[] cvs) {
    int groups = n / LANES;
    int[] words = new int[LANES * Blake3.CHUNK_LEN / 4];
    int[] cv = new int[8 * LANES];
    int[] counterLo = new int[LANES];
    int[] counterHi = new int[LANES];
    int[] w = new int[16 * LANES];
    int[] s = new int[16 * LANES];
    for (int g = 0; g < groups; g++) {
      int first = g * LANES;
      ByteBuffer.wrap(in, off + first * Blake3.CHUNK_LEN, LANES * Blake3.CHUNK_LEN)
          .order(ByteOrder.LITTLE_ENDIAN)
          .asIntBuffer()
          .get(words);
      for (int l = 0; l < LANES; l++) {
        long counter = (long) first + l;
        counterLo[l] = (int) counter;
        counterHi[l] = (int) (counter >>> 32);
      }
      for (int i = 0; i < 8; i++) {
        IntVector.broadcast(SPECIES, Blake3.IV[i]).intoArray(cv, i * LANES);
      }
      for (int b = 0; b < Blake3.BLOCKS_PER_CHUNK; b++) {
        int flags =
            (b == 0 ? Blake3.CHUNK_START : 0)
                | (b == Blake3.BLOCKS_PER_CHUNK - 1 ? Blake3.CHUNK_END : 0);
        compress(cv, words, 16 * b, CHUNK_MAP, counterLo, counterHi, flags, w, s);
      }
      scatter(cv, cvs, 8 * first);
    }
    return groups * LANES;
  }

  /**
   * Merges the first {@code pairs} pairs of chaining values of {@code cvs} (pair p at words {@code
   * [16p, 16p + 16)}) into their parents, written in place at {@code [8p, 8p + 8)}, a multiple of
   * {@link #LANES} at a time; returns how many were merged. In place is safe: a group's inputs are
   * all read before its outputs are written, and no output lands on a later input.
   */
  static int parents(int[] cvs, int pairs) {
    int groups = pairs / LANES;
    int[] cv = new int[8 * LANES];
    int[] w = new int[16 * LANES];
    int[] s = new int[16 * LANES];
    for (int g = 0; g < groups; g++) {
      int first = g * LANES;
      for (int i = 0; i < 8; i++) {
        IntVector.broadcast(SPECIES, Blake3.IV[i]).intoArray(cv, i * LANES);
      }
      compress(cv, cvs, 16 * first, PAIR_MAP, ZEROS, ZEROS, Blake3.PARENT, w, s);
      scatter(cv, cvs, 8 * first);
    }
    return groups * LANES;
  }

  /**
   * Writes lane l's chaining value (word i at {@code cv[i * LANES + l]}) to {@code out[at + 8l]}.
   */
  private static void scatter(int[] cv, int[] out, int at) {
    for (int i = 0; i < 8; i++) {
      IntVector.fromArray(SPECIES, cv, i * LANES).intoArray(out, at + i, CV_MAP, 0);
    }
  }

  /**
   * One compression in every lane, full 64-byte blocks: the chaining values {@code cv} (word i of
   * lane l at {@code cv[i * LANES + l]}) are replaced by the next ones. Lane l's message word j is
   * {@code msg[msgOff + j + map[l]]}. {@code w} and {@code s} are scratch space of {@code 16 *
   * LANES} words each, for the message and the state.
   *
   * <p>The message is gathered once into {@code w}, transposed, and each round loads its words from
   * there in its own order ({@link #SCHEDULE}) rather than permuting sixteen more live vectors:
   * with those, and with helper methods for the rotations, the method was too large for the JIT
   * compilers (C1 ran out of registers, leaving it to the interpreter until C2 took it; C2 stopped
   * inlining part way and boxed vectors, ten times slower). Only the vector API's own methods are
   * called here, which both compilers inline.
   */
  private static void compress(
      int[] cv,
      int[] msg,
      int msgOff,
      int[] map,
      int[] counterLo,
      int[] counterHi,
      int flags,
      int[] w,
      int[] s) {
    for (int j = 0; j < 16; j++) {
      IntVector.fromArray(SPECIES, msg, msgOff + j, map, 0).intoArray(w, j * LANES);
    }
    System.arraycopy(cv, 0, s, 0, 8 * LANES);
    for (int i = 0; i < 4; i++) {
      IntVector.broadcast(SPECIES, Blake3.IV[i]).intoArray(s, (8 + i) * LANES);
    }
    IntVector.fromArray(SPECIES, counterLo, 0).intoArray(s, 12 * LANES);
    IntVector.fromArray(SPECIES, counterHi, 0).intoArray(s, 13 * LANES);
    IntVector.broadcast(SPECIES, Blake3.BLOCK_LEN).intoArray(s, 14 * LANES);
    IntVector.broadcast(SPECIES, flags).intoArray(s, 15 * LANES);
    int[] order = SCHEDULE;
    IntVector v0 = IntVector.fromArray(SPECIES, s, 0);
    IntVector v1 = IntVector.fromArray(SPECIES, s, LANES);
    IntVector v2 = IntVector.fromArray(SPECIES, s, 2 * LANES);
    IntVector v3 = IntVector.fromArray(SPECIES, s, 3 * LANES);
    IntVector v4 = IntVector.fromArray(SPECIES, s, 4 * LANES);
    IntVector v5 = IntVector.fromArray(SPECIES, s, 5 * LANES);
    IntVector v6 = IntVector.fromArray(SPECIES, s, 6 * LANES);
    IntVector v7 = IntVector.fromArray(SPECIES, s, 7 * LANES);
    IntVector v8 = IntVector.fromArray(SPECIES, s, 8 * LANES);
    IntVector v9 = IntVector.fromArray(SPECIES, s, 9 * LANES);
    IntVector v10 = IntVector.fromArray(SPECIES, s, 10 * LANES);
    IntVector v11 = IntVector.fromArray(SPECIES, s, 11 * LANES);
    IntVector v12 = IntVector.fromArray(SPECIES, s, 12 * LANES);
    IntVector v13 = IntVector.fromArray(SPECIES, s, 13 * LANES);
    IntVector v14 = IntVector.fromArray(SPECIES, s, 14 * LANES);
    IntVector v15 = IntVector.fromArray(SPECIES, s, 15 * LANES);
    for (int r = 0; r < Blake3.ROUNDS; r++) {
      int schedule = 16 * r;
      // columns: G(v0, v4, v8, v12) ... G(v3, v7, v11, v15), message words 0 to 7
      v0 = v0.add(v4).add(IntVector.fromArray(SPECIES, w, order[schedule]));
      v1 = v1.add(v5).add(IntVector.fromArray(SPECIES, w, order[schedule + 2]));
      v2 = v2.add(v6).add(IntVector.fromArray(SPECIES, w, order[schedule + 4]));
      v3 = v3.add(v7).add(IntVector.fromArray(SPECIES, w, order[schedule + 6]));
      v12 = v12.lanewise(XOR, v0).lanewise(ROR, 16);
      v13 = v13.lanewise(XOR, v1).lanewise(ROR, 16);
      v14 = v14.lanewise(XOR, v2).lanewise(ROR, 16);
      v15 = v15.lanewise(XOR, v3).lanewise(ROR, 16);
      v8 = v8.add(v12);
      v9 = v9.add(v13);
      v10 = v10.add(v14);
      v11 = v11.add(v15);
      v4 = v4.lanewise(XOR, v8).lanewise(ROR, 12);
      v5 = v5.lanewise(XOR, v9).lanewise(ROR, 12);
      v6 = v6.lanewise(XOR, v10).lanewise(ROR, 12);
      v7 = v7.lanewise(XOR, v11).lanewise(ROR, 12);
      v0 = v0.add(v4).add(IntVector.fromArray(SPECIES, w, order[schedule + 1]));
      v1 = v1.add(v5).add(IntVector.fromArray(SPECIES, w, order[schedule + 3]));
      v2 = v2.add(v6).add(IntVector.fromArray(SPECIES, w, order[schedule + 5]));
      v3 = v3.add(v7).add(IntVector.fromArray(SPECIES, w, order[schedule + 7]));
      v12 = v12.lanewise(XOR, v0).lanewise(ROR, 8);
      v13 = v13.lanewise(XOR, v1).lanewise(ROR, 8);
      v14 = v14.lanewise(XOR, v2).lanewise(ROR, 8);
      v15 = v15.lanewise(XOR, v3).lanewise(ROR, 8);
      v8 = v8.add(v12);
      v9 = v9.add(v13);
      v10 = v10.add(v14);
      v11 = v11.add(v15);
      v4 = v4.lanewise(XOR, v8).lanewise(ROR, 7);
      v5 = v5.lanewise(XOR, v9).lanewise(ROR, 7);
      v6 = v6.lanewise(XOR, v10).lanewise(ROR, 7);
      v7 = v7.lanewise(XOR, v11).lanewise(ROR, 7);

      // diagonals: G(v0, v5, v10, v15) ... G(v3, v4, v9, v14), message words 8 to 15
      v0 = v0.add(v5).add(IntVector.fromArray(SPECIES, w, order[schedule + 8]));
      v1 = v1.add(v6).add(IntVector.fromArray(SPECIES, w, order[schedule + 10]));
      v2 = v2.add(v7).add(IntVector.fromArray(SPECIES, w, order[schedule + 12]));
      v3 = v3.add(v4).add(IntVector.fromArray(SPECIES, w, order[schedule + 14]));
      v15 = v15.lanewise(XOR, v0).lanewise(ROR, 16);
      v12 = v12.lanewise(XOR, v1).lanewise(ROR, 16);
      v13 = v13.lanewise(XOR, v2).lanewise(ROR, 16);
      v14 = v14.lanewise(XOR, v3).lanewise(ROR, 16);
      v10 = v10.add(v15);
      v11 = v11.add(v12);
      v8 = v8.add(v13);
      v9 = v9.add(v14);
      v5 = v5.lanewise(XOR, v10).lanewise(ROR, 12);
      v6 = v6.lanewise(XOR, v11).lanewise(ROR, 12);
      v7 = v7.lanewise(XOR, v8).lanewise(ROR, 12);
      v4 = v4.lanewise(XOR, v9).lanewise(ROR, 12);
      v0 = v0.add(v5).add(IntVector.fromArray(SPECIES, w, order[schedule + 9]));
      v1 = v1.add(v6).add(IntVector.fromArray(SPECIES, w, order[schedule + 11]));
      v2 = v2.add(v7).add(IntVector.fromArray(SPECIES, w, order[schedule + 13]));
      v3 = v3.add(v4).add(IntVector.fromArray(SPECIES, w, order[schedule + 15]));
      v15 = v15.lanewise(XOR, v0).lanewise(ROR, 8);
      v12 = v12.lanewise(XOR, v1).lanewise(ROR, 8);
      v13 = v13.lanewise(XOR, v2).lanewise(ROR, 8);
      v14 = v14.lanewise(XOR, v3).lanewise(ROR, 8);
      v10 = v10.add(v15);
      v11 = v11.add(v12);
      v8 = v8.add(v13);
      v9 = v9.add(v14);
      v5 = v5.lanewise(XOR, v10).lanewise(ROR, 7);
      v6 = v6.lanewise(XOR, v11).lanewise(ROR, 7);
      v7 = v7.lanewise(XOR, v8).lanewise(ROR, 7);
      v4 = v4.lanewise(XOR, v9).lanewise(ROR, 7);
    }
    v0.intoArray(s, 0);
    v1.intoArray(s, LANES);
    v2.intoArray(s, 2 * LANES);
    v3.intoArray(s, 3 * LANES);
    v4.intoArray(s, 4 * LANES);
    v5.intoArray(s, 5 * LANES);
    v6.intoArray(s, 6 * LANES);
    v7.intoArray(s, 7 * LANES);
    v8.intoArray(s, 8 * LANES);
    v9.intoArray(s, 9 * LANES);
    v10.intoArray(s, 10 * LANES);
    v11.intoArray(s, 11 * LANES);
    v12.intoArray(s, 12 * LANES);
    v13.intoArray(s, 13 * LANES);
    v14.intoArray(s, 14 * LANES);
    v15.intoArray(s, 15 * LANES);
    for (int i = 0; i < 8; i++) {
      IntVector.fromArray(SPECIES, s, i * LANES)
          .lanewise(XOR, IntVector.fromArray(SPECIES, s, (i + 8) * LANES))
          .intoArray(cv, i * LANES);
    }
  }
}
