package network.pot.p2p.blob;

import java.util.SplittableRandom;

/** Seeded random content for blob tests. */
final class Blobs {
  private Blobs() {}

  static byte[] random(long seed, int size) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) r.nextInt();
    }
    return b;
  }
}
