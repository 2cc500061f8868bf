package network.pot.base.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import network.pot.base.bytes.Hex;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.junit.jupiter.api.Test;

/**
 * BLAKE3 against the official test vectors (hash mode, first 32 bytes of each output; input byte i
 * is i % 251), against an independent implementation (BouncyCastle's), and the vector path against
 * the scalar path of the same class for random lengths and contents.
 */
class Blake3Test {
  /** From the BLAKE3 team's test_vectors/test_vectors.json. */
  private static final Map<Integer, String> OFFICIAL =
      Map.ofEntries(
          Map.entry(0, "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"),
          Map.entry(1, "2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213"),
          Map.entry(1023, "10108970eeda3eb932baac1428c7a2163b0e924c9a9e25b35bba72b28f70bd11"),
          Map.entry(1024, "42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7"),
          Map.entry(1025, "d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444"),
          Map.entry(2048, "e776b6028c7cd22a4d0ba182a8bf62205d2ef576467e838ed6f2529b85fba24a"),
          Map.entry(2049, "5f4d72f40d7a5f82b15ca2b2e44b1de3c2ef86c426c95c1af0b6879522563030"),
          Map.entry(3072, "b98cb0ff3623be03326b373de6b9095218513e64f1ee2edd2525c7ad1e5cffd2"),
          Map.entry(3073, "7124b49501012f81cc7f11ca069ec9226cecb8a2c850cfe644e327d22d3e1cd3"),
          Map.entry(4096, "015094013f57a5277b59d8475c0501042c0b642e531b0a1c8f58d2163229e969"),
          Map.entry(4097, "9b4052b38f1c5fc8b1f9ff7ac7b27cd242487b3d890d15c96a1c25b8aa0fb995"),
          Map.entry(5120, "9cadc15fed8b5d854562b26a9536d9707cadeda9b143978f319ab34230535833"),
          Map.entry(5121, "628bd2cb2004694adaab7bbd778a25df25c47b9d4155a55f8fbd79f2fe154cff"),
          Map.entry(6144, "3e2e5b74e048f3add6d21faab3f83aa44d3b2278afb83b80b3c35164ebeca205"),
          Map.entry(6145, "f1323a8631446cc50536a9f705ee5cb619424d46887f3c376c695b70e0f0507f"),
          Map.entry(7168, "61da957ec2499a95d6b8023e2b0e604ec7f6b50e80a9678b89d2628e99ada77a"),
          Map.entry(7169, "a003fc7a51754a9b3c7fae0367ab3d782dccf28855a03d435f8cfe74605e7817"),
          Map.entry(8192, "aae792484c8efe4f19e2ca7d371d8c467ffb10748d8a5a1ae579948f718a2a63"),
          Map.entry(8193, "bab6c09cb8ce8cf459261398d2e7aef35700bf488116ceb94a36d0f5f1b7bc3b"),
          Map.entry(16384, "f875d6646de28985646f34ee13be9a576fd515f76b5b0a26bb324735041ddde4"),
          Map.entry(31744, "62b6960e1a44bcc1eb1a611a8d6235b6b4b78f32e7abc4fb4c6cdcce94895c47"),
          Map.entry(102400, "bc3e3d41a1146b069abffad3c0d44860cf664390afce4d9661f7902e7943e085"));

  private static byte[] official(int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (i % 251);
    }
    return b;
  }

  private static byte[] bouncyCastle(byte[] in, int off, int len) {
    Blake3Digest d = new Blake3Digest();
    d.update(in, off, len);
    byte[] out = new byte[Blake3.SIZE];
    d.doFinal(out, 0);
    return out;
  }

  @Test
  void everyOfficialVectorMatchesOnTheVectorAndTheScalarPath() {
    OFFICIAL.forEach(
        (length, expected) -> {
          byte[] in = official(length);
          assertThat(Hex.encode(Blake3.hash(in))).as("length %d", length).isEqualTo(expected);
          assertThat(Hex.encode(Blake3.hashScalar(in, 0, length)))
              .as("length %d, scalar", length)
              .isEqualTo(expected);
        });
  }

  @Test
  void theLongestVectorsGoThroughTheLanes() {
    assertThat(Blake3.LANE_COUNT).isGreaterThan(1);
    // 102400 bytes are 100 chunks; the lanes take whole groups of all but the last chunk
    int done = Blake3.laneChunks(official(102400), 0, 99, new int[8 * 100]);
    assertThat(done).isPositive().isEqualTo(99 / Blake3.LANE_COUNT * Blake3.LANE_COUNT);
  }

  @Test
  void theSameBytesAtAnOffsetHashTheSame() {
    byte[] in = official(40_000);
    byte[] padded = new byte[in.length + 13];
    System.arraycopy(in, 0, padded, 7, in.length);
    assertThat(Blake3.hash(padded, 7, in.length)).isEqualTo(Blake3.hash(in));
    assertThatThrownBy(() -> Blake3.hash(padded, 8, padded.length - 7))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void aCheckpointSizedInputAgreesWithAnIndependentImplementation() {
    byte[] in = new byte[1_880_000 + 123];
    new SplittableRandom(7).nextBytes(in);
    assertThat(Blake3.hash(in)).isEqualTo(bouncyCastle(in, 0, in.length));
  }

  /**
   * Random lengths, weighted towards the edges of chunks and of groups of {@link Blake3#LANE_COUNT}
   * chunks, and random contents at a random offset: the vector path equals the scalar path and an
   * independent implementation.
   */
  @Property(tries = 300)
  void theVectorPathEqualsTheScalarPath(@ForAll long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int group = Blake3.LANE_COUNT * Blake3.CHUNK_LEN;
    int length =
        switch (rnd.nextInt(4)) {
          case 0 -> rnd.nextInt(4 * Blake3.CHUNK_LEN);
          case 1 -> rnd.nextInt(1, 9) * group + rnd.nextInt(-2, 3);
          case 2 -> rnd.nextInt(1, 70) * Blake3.CHUNK_LEN + rnd.nextInt(-1, 2);
          default -> rnd.nextInt(300_000);
        };
    length = Math.max(0, length);
    int off = rnd.nextInt(64);
    byte[] in = new byte[off + length + rnd.nextInt(64)];
    rnd.nextBytes(in);
    byte[] scalar = Blake3.hashScalar(in, off, length);
    assertThat(Blake3.hash(in, off, length))
        .as("seed %d, length %d, offset %d", seed, length, off)
        .isEqualTo(scalar);
    assertThat(scalar)
        .as(
            "seed %d, length %d, offset %d: the scalar path against BouncyCastle",
            seed, length, off)
        .isEqualTo(bouncyCastle(in, off, length));
    assertThat(Arrays.equals(scalar, new byte[Blake3.SIZE])).isFalse();
  }
}
