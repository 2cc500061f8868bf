package network.pot.chain.state;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.chain.crypto.Address;

/**
 * Draws the verifier committee of a committed proof: {@code size} distinct active validators, each
 * draw weighted by voting power, from the {@link Beacon} after the block <em>after</em> the one
 * that included the commit ({@code SHA-256("pot/committee" || beacon || task || miner || draw)}).
 * That value mixes in the next block's reveal, which no one but its proposer knows before the block
 * exists and which its proposer cannot choose. The node's verifiers draw their challenges from the
 * same value. Each proof gets its own small committee, so verification work spreads across
 * validators.
 */
final class Committee {
  private static final byte[] DOMAIN = "pot/committee".getBytes(StandardCharsets.US_ASCII);

  private Committee() {}

  static List<Enrollment.Seat> draw(
      ActiveSet set, Hash beacon, Hash task, Address miner, long size) {
    List<ActiveSet.Member> pool = new ArrayList<>(set.members());
    long remaining = set.totalPower();
    List<Enrollment.Seat> seats = new ArrayList<>();
    for (int draw = 0; seats.size() < size && !pool.isEmpty() && remaining > 0; draw++) {
      Hash h =
          Hash.sha256(
              new Writer(128)
                  .raw(DOMAIN)
                  .raw(beacon.unsafeArray())
                  .raw(task.unsafeArray())
                  .raw(miner.unsafeArray())
                  .u32(draw)
                  .toByteArray());
      long ticket = Long.remainderUnsigned(first8(h), remaining);
      int i = 0;
      while (ticket >= pool.get(i).power()) {
        ticket -= pool.get(i).power();
        i++;
      }
      ActiveSet.Member m = pool.remove(i);
      remaining -= m.power();
      seats.add(new Enrollment.Seat(m.address(), m.power()));
    }
    seats.sort((a, b) -> a.validator().compareTo(b.validator()));
    return seats;
  }

  /** The first eight bytes of {@code h} as a big-endian 64-bit value. */
  private static long first8(Hash h) {
    try {
      return new Reader(h.unsafeArray()).u64();
    } catch (DecodeException e) {
      throw new AssertionError("a hash has 32 bytes", e);
    }
  }
}
