package network.pot.proof.collab;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import network.pot.base.bytes.Hex;
import network.pot.base.codec.LittleEndian;
import network.pot.base.crypto.Sha256;
import network.pot.base.econ.RoundRewards;
import network.pot.proof.BlobSource;
import network.pot.proof.Commitment;
import network.pot.proof.MemoryBlobStore;
import network.pot.proof.OpeningSource;
import network.pot.proof.Prover;
import network.pot.proof.Reason;
import network.pot.proof.Verdict;
import network.pot.proof.collab.ContributionVerifier.Check;
import network.pot.proof.collab.ContributionVerifier.Rejection;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.train.Trainer;

/**
 * The protocol's own simulation: miners, some of them Byzantine, run every round of a collaborative
 * task with the real engine, each contribution is checked by the real verifier (or, with
 * verification off, taken as claimed), and the round is closed by {@link Aggregator} and paid by
 * {@link network.pot.base.econ.RoundRewards}. Blobs live in memory. Wall times are measured for the
 * report; nothing the protocol computes depends on them.
 *
 * <p>The challenge randomness of round {@code r} stands for the hash of a block after the round's
 * commits: {@code tagged("pot/collab/sim/randomness/v1", taskId, u64 r)}; each contribution is
 * checked by one verifier whose id is {@code tagged("pot/collab/sim/verifier/v1", minerId)}.
 */
public final class Simulation {
  /** What a simulated miner does in a round. */
  public enum Behaviour {
    /** Trains H steps as the protocol says. */
    HONEST,
    /** Trains honestly, then commits random weights as its update (last leaf replaced). */
    GARBAGE_UPDATE,
    /** Trains from {@code G_r} with its keys, but on another slot's shard (or the test split). */
    OTHER_DATA,
    /**
     * Submits its update of the previous round again as this round's (in round 0, a copy of an
     * honest miner's contribution under its own id).
     */
    REPLAYED_UPDATE,
    /** Trains with twice the task's inner learning rate. */
    WRONG_LR
  }

  /** A simulated miner: its enrollment and what it does in each round. */
  public record Miner(Enrollment enrollment, IntFunction<Behaviour> behaviour) {
    public static Miner honest(Enrollment e) {
      return new Miner(e, r -> Behaviour.HONEST);
    }

    /** A miner that cycles through {@code attacks}, one per round, starting at {@code offset}. */
    public static Miner byzantine(Enrollment e, List<Behaviour> attacks, int offset) {
      List<Behaviour> copy = List.copyOf(attacks);
      return new Miner(e, r -> copy.get(Math.floorMod(r + offset, copy.size())));
    }
  }

  /** A contribution left out of its round. */
  public record Rejected(
      String miner, Behaviour behaviour, Rejection rejection, List<Reason> reasons) {}

  /**
   * What one round did and cost: wall times of proving (training with its transcript and the
   * claimed evaluation), of verifying (all of it, and the parts spent re-executing steps and in the
   * final evaluation pass) and of aggregating; the bytes of weights moved to and from miners, the
   * bytes one verifier per contribution fetched, and what data-parallel training that synchronizes
   * every step would move (each participant's gradient out and the average back, H times).
   */
  public record RoundReport(
      int round,
      String modelHash,
      String stateHash,
      int contributions,
      int accepted,
      List<Rejected> rejected,
      int testCorrect,
      int testSize,
      long acceptedSteps,
      double trainSeconds,
      double verifySeconds,
      double reexecutionSeconds,
      double evaluationSeconds,
      double aggregateSeconds,
      long modelBytes,
      long verificationBytes,
      long dataParallelBytes,
      List<RoundRewards.Payout> payouts) {
    public RoundReport {
      rejected = List.copyOf(rejected);
      payouts = List.copyOf(payouts);
    }

    public double accuracy() {
      return (double) testCorrect / testSize;
    }
  }

  /** A finished run: the final global model, each round, and the miners rejected at least once. */
  public record Result(
      GlobalModel finalModel, List<RoundReport> rounds, Set<String> rejectedMiners) {
    public Result {
      rounds = List.copyOf(rounds);
      rejectedMiners = Set.copyOf(rejectedMiners);
    }
  }

  /** Hears what happens, for progress displays. */
  public interface Listener {
    default void contribution(int round, Enrollment e, Behaviour b, Check check) {}

    default void roundClosed(RoundReport report) {}
  }

  /** A commitment as the network sees it: the contribution and where its blobs are served. */
  private record Submission(
      Contribution contribution, BlobSource blobs, OpeningSource openings, Behaviour behaviour) {}

  private final CollabSpec spec;
  private final ContributionVerifier verifier;
  private final DataSets.Split data;
  private final Parallel par;

  /**
   * A simulation of {@code spec} on {@code data} (the full split; shards are cut from its training
   * part).
   */
  public Simulation(CollabSpec spec, DataSets.Split data, Parallel par) {
    this.spec = spec;
    this.data = data;
    this.verifier = new ContributionVerifier(spec, data);
    this.par = par;
  }

  public CollabSpec spec() {
    return spec;
  }

  /**
   * Runs every round with {@code miners} (in the order their commitments arrive) and pays {@code
   * escrow} base units over the rounds; with {@code verify} false every claimed update is averaged
   * unchecked.
   */
  public Result run(List<Miner> miners, boolean verify, long escrow, Listener listener)
      throws IOException {
    GlobalModel g = GlobalModel.genesis(spec);
    List<RoundReport> reports = new ArrayList<>();
    Set<String> rejectedMiners = new LinkedHashSet<>();
    Map<String, Submission> previous = new HashMap<>();
    for (int round = 0; round < spec.rounds(); round++) {
      MemoryBlobStore store = new MemoryBlobStore();
      Submission[] subs = new Submission[miners.size()];
      double train = 0;
      // honest work first, so that a round-0 replay has something to copy; the arrival order
      // (the list order) is what the verifier and the aggregator see
      for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < miners.size(); i++) {
          Behaviour b = miners.get(i).behaviour().apply(round);
          if ((b == Behaviour.REPLAYED_UPDATE) == (pass == 0)) {
            continue;
          }
          long t0 = System.nanoTime();
          subs[i] = submit(g, miners.get(i).enrollment(), b, store, subs, previous);
          train += (System.nanoTime() - t0) / 1e9;
        }
      }
      long t0 = System.nanoTime();
      List<Aggregator.Update> accepted = new ArrayList<>();
      List<RoundRewards.Credit> credits = new ArrayList<>();
      List<Rejected> rejected = new ArrayList<>();
      long[] fetched = new long[1];
      double reexecution = 0;
      double evaluation = 0;
      for (Submission s : subs) {
        Contribution c = s.contribution();
        BlobSource counting =
            id -> {
              Optional<byte[]> blob = s.blobs().fetch(id);
              blob.ifPresent(x -> fetched[0] += x.length);
              return blob;
            };
        Check check;
        if (verify) {
          byte[] randomness =
              Sha256.tagged("pot/collab/sim/randomness/v1", spec.taskId(), LittleEndian.u64(round));
          byte[] verifierId = Sha256.tagged("pot/collab/sim/verifier/v1", c.enrollment().minerId());
          check =
              verifier.verify(
                  g, c, counting, s.openings(), verifier.challenge(randomness, verifierId), par);
        } else {
          check = unverified(g, c, s.blobs(), s.openings());
        }
        listener.contribution(round, c.enrollment(), s.behaviour(), check);
        if (check.verdict().isPresent()) {
          reexecution += check.verdict().get().reexecutionSeconds();
          evaluation += check.verdict().get().evaluationSeconds();
        }
        String miner = Hex.encode(c.enrollment().minerId());
        if (check.accepted()) {
          accepted.add(new Aggregator.Update(c.enrollment().minerId(), check.update()));
          credits.add(new RoundRewards.Credit(c.enrollment().minerId(), check.verifiedSteps()));
        } else {
          rejectedMiners.add(miner);
          rejected.add(
              new Rejected(
                  miner,
                  s.behaviour(),
                  check.rejection(),
                  check.verdict().map(Verdict::reasons).orElse(List.of())));
        }
      }
      double verifySeconds = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      GlobalModel next = Aggregator.next(spec, g, accepted, par);
      double aggregateSeconds = (System.nanoTime() - t1) / 1e9;
      List<RoundRewards.Payout> payouts =
          RoundRewards.split(RoundRewards.roundShare(escrow, spec.rounds(), round), credits);
      int correct = Trainer.correct(next.model(), data.test(), par);
      long participants = subs.length;
      RoundReport report =
          new RoundReport(
              round,
              Hex.encode(next.modelHash()),
              Hex.encode(next.stateHash()),
              subs.length,
              accepted.size(),
              rejected,
              correct,
              data.test().size(),
              accepted.size() * spec.localSteps(),
              train,
              verifySeconds,
              reexecution,
              evaluation,
              aggregateSeconds,
              2 * participants * g.weightBytes(),
              fetched[0],
              2 * participants * g.weightBytes() * spec.localSteps(),
              payouts);
      reports.add(report);
      listener.roundClosed(report);
      for (Submission s : subs) {
        previous.put(Hex.encode(s.contribution().enrollment().minerId()), s);
      }
      g = next;
    }
    return new Result(g, reports, rejectedMiners);
  }

  /** With verification off: every update whose blob can be fetched counts, as claimed. */
  private Check unverified(GlobalModel g, Contribution c, BlobSource blobs, OpeningSource openings)
      throws IOException {
    Optional<List<float[]>> update = ContributionVerifier.update(c, blobs, openings);
    if (update.isEmpty()) {
      return new Check(c, Rejection.UPDATE_UNAVAILABLE, Optional.empty(), List.of(), 0);
    }
    if (update.get().size() != g.tensors()) {
      return new Check(c, Rejection.UPDATE_UNAVAILABLE, Optional.empty(), List.of(), 0);
    }
    return new Check(c, null, Optional.empty(), update.get(), spec.localSteps());
  }

  private Submission submit(
      GlobalModel g,
      Enrollment e,
      Behaviour b,
      MemoryBlobStore store,
      Submission[] sameRound,
      Map<String, Submission> previous)
      throws IOException {
    if (b != Behaviour.REPLAYED_UPDATE) {
      return proved(g, e, b, ByzantineProver.prove(b, spec, verifier, g, e, store, par), store);
    }
    Submission old = previous.get(Hex.encode(e.minerId()));
    if (old != null) {
      return new Submission(
          new Contribution(g.round(), e, old.contribution().commitment()),
          old.blobs(),
          old.openings(),
          b);
    }
    for (Submission s : sameRound) {
      if (s != null && s.behaviour() == Behaviour.HONEST) {
        Commitment copied =
            s.contribution()
                .commitment()
                .withBinding(e.minerId(), s.contribution().commitment().enrollHash());
        return new Submission(new Contribution(g.round(), e, copied), s.blobs(), s.openings(), b);
      }
    }
    // nothing to replay yet: an honest run's work is all there is to copy
    return submit(g, e, Behaviour.GARBAGE_UPDATE, store, sameRound, previous);
  }

  private static Submission proved(
      GlobalModel g, Enrollment e, Behaviour b, Prover.Result r, MemoryBlobStore store) {
    return new Submission(RoundProver.contribution(g, e, r), store, r.transcript(), b);
  }
}
