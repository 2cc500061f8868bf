package network.pot.consensus.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Sha256;
import network.pot.consensus.ConsensusValidator;
import network.pot.consensus.ValidatorSet;
import network.pot.consensus.crypto.Ed25519Keys;
import network.pot.consensus.crypto.Signer;

/**
 * The keys of a simulated network (real Ed25519 keys derived from the seed) and its validator set
 * per epoch. With weighted power, each epoch draws new powers and may leave one honest node out of
 * the set (it keeps following as a non-validator), always keeping the Byzantine power below one
 * third.
 */
final class SimValidators {
  private final long seed;
  private final boolean weighted;
  private final boolean[] byzantine;
  private final List<Signer> signers = new ArrayList<>();
  private final TreeMap<Long, ValidatorSet> sets = new TreeMap<>();

  SimValidators(long seed, int n, boolean[] byzantine, boolean weighted) {
    this.seed = seed;
    this.weighted = weighted;
    this.byzantine = byzantine.clone();
    for (int i = 0; i < n; i++) {
      byte[] secret = Sha256.of(new Writer(20).u64(seed).u32(i).u64(0x5eed).toByteArray());
      signers.add(Ed25519Keys.fromSeed(secret));
    }
  }

  Signer signer(int node) {
    return signers.get(node);
  }

  int size() {
    return signers.size();
  }

  ValidatorSet setFor(long epoch) {
    return sets.computeIfAbsent(epoch, this::draw);
  }

  private ValidatorSet draw(long epoch) {
    int n = signers.size();
    long[] power = new long[n];
    SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
    int leftOut = -1;
    if (weighted) {
      long honest = 0;
      long byz = 0;
      for (int i = 0; i < n; i++) {
        power[i] = 1L + rnd.nextInt(10);
        if (byzantine[i]) {
          byz += power[i];
        } else {
          honest += power[i];
        }
      }
      if (3 * byz >= byz + honest) {
        for (int i = 0; i < n; i++) {
          power[i] = byzantine[i] ? 1 : Math.max(2, power[i]);
        }
      }
      if (epoch > 0 && n >= 4 && rnd.nextBoolean()) {
        int candidate = rnd.nextInt(n);
        if (!byzantine[candidate]) {
          leftOut = candidate;
        }
      }
    } else {
      Arrays.fill(power, 1);
    }
    ValidatorSet set = build(power, leftOut);
    long byz = 0;
    for (int i = 0; i < n; i++) {
      int idx = set.indexOf(signers.get(i).publicKey());
      byz += byzantine[i] && idx >= 0 ? set.power(idx) : 0;
    }
    // Leaving the node out must not give the Byzantine nodes a third of the power.
    return 3 * byz >= set.totalPower() ? build(power, -1) : set;
  }

  private ValidatorSet build(long[] power, int leftOut) {
    List<ConsensusValidator> vs = new ArrayList<>();
    for (int i = 0; i < power.length; i++) {
      if (i != leftOut) {
        vs.add(new ConsensusValidator(signers.get(i).publicKey(), power[i]));
      }
    }
    return new ValidatorSet(vs);
  }
}
