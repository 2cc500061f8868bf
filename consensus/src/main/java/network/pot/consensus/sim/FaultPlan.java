package network.pot.consensus.sim;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The faults of one run, drawn from its seed before the run starts: loss and duplication rates,
 * partitions (two groups that cannot talk during a window, then heal), crash-restart windows of
 * honest nodes, and which nodes are Byzantine with which behaviour. All times in microseconds.
 */
final class FaultPlan {
  /** A window during which nodes of different groups cannot reach each other. */
  record Partition(long start, long end, BitSet sideA) {}

  /** A crash of {@code node} at {@code at}, restarting at {@code restart}. */
  record Crash(int node, long at, long restart) {}

  final double dropRate;
  final double duplicateRate;
  final double reorderRate;
  final List<Partition> partitions = new ArrayList<>();
  final List<Crash> crashes = new ArrayList<>();
  final Fault[] behaviour;
  final long faultsEnd;

  FaultPlan(SimConfig cfg) {
    SplittableRandom rnd = new SplittableRandom(cfg.seed() ^ 0x4641554C54L);
    int n = cfg.validators();
    dropRate = cfg.faults().contains(Fault.DROP) ? 0.01 + 0.09 * rnd.nextDouble() : 0;
    duplicateRate = cfg.faults().contains(Fault.DUPLICATE) ? 0.01 + 0.09 * rnd.nextDouble() : 0;
    reorderRate = cfg.faults().contains(Fault.REORDER) ? 0.2 : 0;
    behaviour = new Fault[n];
    List<Fault> kinds = new ArrayList<>();
    for (Fault f : Fault.values()) {
      if (f.byzantine() && cfg.faults().contains(f)) {
        kinds.add(f);
      }
    }
    if (kinds.isEmpty()) {
      kinds.add(Fault.EQUIVOCATE);
    }
    for (int placed = 0; placed < cfg.byzantine(); ) {
      int i = rnd.nextInt(n);
      if (behaviour[i] == null) {
        behaviour[i] = kinds.get(rnd.nextInt(kinds.size()));
        placed++;
      }
    }
    long end = 0;
    if (cfg.faults().contains(Fault.PARTITION) && n > 1) {
      int count = 1 + rnd.nextInt(2);
      for (int k = 0; k < count; k++) {
        long start = ms(500 + rnd.nextInt(15_000));
        long stop = start + ms(1_000 + rnd.nextInt(20_000));
        boolean[] side = new boolean[n];
        int first = rnd.nextInt(n);
        side[first] = true;
        for (int i = 0; i < n; i++) {
          side[i] |= i != first && rnd.nextBoolean();
        }
        side[(first + 1 + rnd.nextInt(n - 1)) % n] = false;
        BitSet sideA = new BitSet(n);
        for (int i = 0; i < n; i++) {
          sideA.set(i, side[i]);
        }
        partitions.add(new Partition(start, stop, sideA));
        end = Math.max(end, stop);
      }
    }
    if (cfg.faults().contains(Fault.CRASH)) {
      int count = 1 + rnd.nextInt(Math.max(1, n / 3));
      for (int k = 0; k < count; k++) {
        int node = rnd.nextInt(n);
        if (behaviour[node] != null || crashes.stream().anyMatch(c -> c.node() == node)) {
          continue;
        }
        long at = ms(300 + rnd.nextInt(15_000));
        long restart = at + ms(200 + rnd.nextInt(10_000));
        crashes.add(new Crash(node, at, restart));
        end = Math.max(end, restart);
      }
    }
    faultsEnd = end;
  }

  boolean isByzantine(int node) {
    return behaviour[node] != null;
  }

  /** True when a message from {@code a} to {@code b} at {@code now} crosses an active partition. */
  boolean cut(int a, int b, long now) {
    for (Partition p : partitions) {
      if (now >= p.start() && now < p.end() && p.sideA().get(a) != p.sideA().get(b)) {
        return true;
      }
    }
    return false;
  }

  static long ms(long millis) {
    return millis * 1000;
  }
}
