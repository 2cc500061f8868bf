package network.pot.proof.collab;

import java.util.ArrayList;
import java.util.List;
import network.pot.proof.Fixture;
import network.pot.tensor.data.DataSets;

/** Small collaborative tasks on the proof tests' data and model ({@link Fixture}). */
final class CollabFixture {
  static final DataSets.Split DATA = Fixture.DATA;

  private CollabFixture() {}

  /** H = steps, k = every, q = samples; SGD with momentum, batch 16; R rounds, M slots. */
  static CollabSpec spec(long steps, long every, int samples, int rounds, int miners) {
    return CollabSpec.builder()
        .inner(Fixture.task(steps, every, samples))
        .rounds(rounds)
        .miners(miners)
        .quorum(1)
        .outer(new OuterOptimizer(0.7f, 0.9f))
        .build();
  }

  static byte[] id(String name) {
    return Fixture.id(name);
  }

  static Enrollment enrollment(int slot) {
    return new Enrollment(id("miner-" + slot), id("enroll-block-" + slot), slot);
  }

  /** Honest miners in slots {@code 0..count-1}. */
  static List<Simulation.Miner> honest(int count) {
    List<Simulation.Miner> out = new ArrayList<>();
    for (int s = 0; s < count; s++) {
      out.add(Simulation.Miner.honest(enrollment(s)));
    }
    return out;
  }
}
