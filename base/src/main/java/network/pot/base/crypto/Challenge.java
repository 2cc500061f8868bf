package network.pot.base.crypto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import network.pot.base.codec.LittleEndian;

/**
 * Which segments a verifier re-executes. Segment {@code i} runs from leaf {@code i} to leaf {@code
 * i + 1} (steps {@code i*k} to {@code (i+1)*k}) of a transcript of {@code n} segments.
 *
 * <p>Every challenge holds segment 0 (ties the transcript to the binding's initial state) and
 * segment {@code n - 1} (ties it to the committed final model), plus {@code q} distinct segments
 * drawn uniformly from the middle ones, {@code [1, n - 1)}; when {@code q} covers the middle, all
 * segments. Draw {@code j} is {@code u = u64le(SHA-256(seed || u64le(j))[0..8])} with {@code seed =
 * tagged("pot/challenge/v1", randomness, verifierId, u32le(n), u32le(q))}; it is rejected when
 * {@code u} (unsigned) falls in the incomplete last block of {@code 2^64 mod m} values, else it
 * picks middle segment {@code 1 + u mod m} ({@code m = n - 2}); repeats are skipped.
 */
public final class Challenge {
  private Challenge() {}

  /** The sorted segment indices for this randomness and verifier. */
  public static List<Integer> segments(byte[] randomness, byte[] verifierId, int n, int q) {
    if (n < 1 || q < 0) {
      throw new IllegalArgumentException("need n >= 1 segments and q >= 0 samples");
    }
    if (randomness.length != Sha256.SIZE) {
      throw new IllegalArgumentException("challenge randomness must be 32 bytes");
    }
    TreeSet<Integer> out = new TreeSet<>();
    out.add(0);
    out.add(n - 1);
    long middle = Math.max(0, n - 2);
    if (q >= middle) {
      for (int i = 1; i < n - 1; i++) {
        out.add(i);
      }
      return new ArrayList<>(out);
    }
    byte[] seed =
        Sha256.tagged(
            "pot/challenge/v1",
            randomness,
            verifierId,
            LittleEndian.u32(n),
            LittleEndian.u32(q),
            "segments".getBytes(StandardCharsets.UTF_8));
    // values >= limit (unsigned) would make u mod m biased; limit = 2^64 - (2^64 mod m)
    long limit = -Long.remainderUnsigned(-1L, middle) - 1;
    int picked = 0;
    for (long j = 0; picked < q; j++) {
      long u = LittleEndian.getU64(Sha256.of(seed, LittleEndian.u64(j)), 0);
      if (Long.compareUnsigned(u, limit) >= 0) {
        continue;
      }
      if (out.add(1 + (int) Long.remainderUnsigned(u, middle))) {
        picked++;
      }
    }
    return new ArrayList<>(out);
  }

  /** Every segment (a full audit). */
  public static List<Integer> all(int n) {
    List<Integer> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }
}
