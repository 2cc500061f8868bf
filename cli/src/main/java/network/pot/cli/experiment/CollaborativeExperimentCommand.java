package network.pot.cli.experiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import network.pot.base.bytes.Hex;
import network.pot.base.codec.LittleEndian;
import network.pot.base.crypto.Sha256;
import network.pot.base.econ.RoundRewards;
import network.pot.base.io.AtomicFiles;
import network.pot.base.json.Json;
import network.pot.cli.output.JsonCommand;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.cli.train.ThreadsOption;
import network.pot.cli.train.TrainOptions;
import network.pot.proof.TaskSpec;
import network.pot.proof.collab.CollabSpec;
import network.pot.proof.collab.Enrollment;
import network.pot.proof.collab.OuterOptimizer;
import network.pot.proof.collab.Simulation;
import network.pot.proof.collab.Simulation.Behaviour;
import network.pot.proof.collab.Simulation.RoundReport;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.optim.OptimizerSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pot experiment collaborative}: runs the collaborative protocol's own simulation with the
 * real engine and the real verifier on Fashion-MNIST, and writes {@code report.json} and PNG plots:
 * accuracy against total steps and against rounds for M = 1, 2, 4 honest miners; bytes exchanged
 * per round against data-parallel training that synchronizes every step; robustness with 1 of 4 and
 * 2 of 5 miners Byzantine, verified against unverified plain averaging; and the cost of
 * verification and aggregation per round as a fraction of training.
 */
@Command(
    name = "collaborative",
    mixinStandardHelpOptions = true,
    description = {
      "Runs collaborative training (R rounds of H local steps by M miners, every contribution",
      "verified by exact re-execution) on Fashion-MNIST and writes report.json and PNG plots",
      "to --out. --quick uses the mlp and short rounds (minutes on two cores); the full run the",
      "cnn. Progress goes to stderr; the report's headline figures are printed as JSON."
    })
public final class CollaborativeExperimentCommand extends JsonCommand {
  /** What a run trains: the model, the inner task's schedule and the rounds. */
  record Setting(
      String model,
      int batch,
      float lr,
      long localSteps,
      long checkpointEvery,
      int samples,
      int rounds) {}

  static final Setting QUICK = new Setting("mlp", 64, 0.05f, 50, 5, 2, 10);
  static final Setting FULL = new Setting("cnn", 64, 0.05f, 100, 10, 2, 30);

  /** The accuracy the issue asks the rounds to be counted to. */
  static final double TARGET_ACCURACY = 0.88;

  /** Escrow of the simulated task, in base units. */
  static final long ESCROW = 1_000_000_000L;

  static final List<Behaviour> ATTACKS =
      List.of(
          Behaviour.GARBAGE_UPDATE,
          Behaviour.OTHER_DATA,
          Behaviour.REPLAYED_UPDATE,
          Behaviour.WRONG_LR);

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "Report directory.")
  Path out;

  @Option(names = "--quick", description = "The mlp, 10 rounds of 50 steps (minutes).")
  boolean quick;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Fashion-MNIST directory (default: the Debian package's).")
  Path data;

  @Option(
      names = "--outer-lr",
      paramLabel = "LR",
      defaultValue = "1.0",
      description = "Outer learning rate (default: ${DEFAULT-VALUE}).")
  float outerLr;

  @Option(
      names = "--outer-momentum",
      paramLabel = "MU",
      defaultValue = "0.5",
      description = "Outer Nesterov momentum (default: ${DEFAULT-VALUE}).")
  float outerMomentum;

  @Option(
      names = "--rounds",
      paramLabel = "R",
      description = "Rounds (default: 10 with --quick, else 30).")
  Integer rounds;

  @Option(
      names = "--local-steps",
      paramLabel = "H",
      description =
          "Local steps per round, a multiple of the checkpoint interval (5 with --quick, else 10;"
              + " default: 50 with --quick, else 100).")
  Long localSteps;

  @Mixin ThreadsOption threads;

  /** The setting with the options' overrides. */
  private Setting setting() {
    Setting s = quick ? QUICK : FULL;
    long h = localSteps != null ? localSteps : s.localSteps();
    int r = rounds != null ? rounds : s.rounds();
    if (h < 1 || h % s.checkpointEvery() != 0 || h / s.checkpointEvery() > 10_000) {
      throw new UserException(
          "--local-steps must be a positive multiple of " + s.checkpointEvery() + ", got " + h);
    }
    if (r < 1 || r > 1000) {
      throw new UserException("--rounds must be between 1 and 1000, got " + r);
    }
    return new Setting(s.model(), s.batch(), s.lr(), h, s.checkpointEvery(), s.samples(), r);
  }

  @Override
  protected void validate() {
    setting();
    try {
      new OuterOptimizer(outerLr, outerMomentum);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  @Override
  protected int run(ObjectNode answer, Output output) throws IOException {
    long t0 = System.nanoTime();
    // the plots are drawn off screen, also where a display is set
    System.setProperty("java.awt.headless", "true");
    Setting s = setting();
    Path dir = data != null ? data : TrainOptions.FASHION_MNIST;
    DataSets.Split split = TrainOptions.loadData(dir);
    TaskSpec inner =
        new TaskSpec(
            TaskSpec.dataHash(dir),
            ModelSpec.preset(s.model()),
            OptimizerSpec.sgd(s.lr(), 0.9f, 0f),
            s.batch(),
            s.localSteps(),
            s.checkpointEvery(),
            s.samples());
    OuterOptimizer outer = new OuterOptimizer(outerLr, outerMomentum);
    Files.createDirectories(out);
    ObjectNode report = Json.object();
    ObjectNode setting = report.putObject("setting");
    setting.put("model", s.model());
    setting.put("batch", s.batch());
    setting.put("inner_optimizer", inner.optimizer().canonicalJson());
    setting.put("local_steps", s.localSteps());
    setting.put("checkpoint_every", s.checkpointEvery());
    setting.put("samples", s.samples());
    setting.put("rounds", s.rounds());
    setting.put("outer_optimizer", outer.canonicalJson());
    setting.put("threads", threads.count());
    setting.put("train_samples", split.train().size());
    setting.put("test_samples", split.test().size());

    try (Parallel par = Parallel.of(threads.count())) {
      // 1. scaling: M = 1, 2, 4 honest miners
      Map<Integer, Simulation.Result> scaling = new LinkedHashMap<>();
      for (int m : new int[] {1, 2, 4}) {
        CollabSpec spec = spec(inner, s.rounds(), m, outer);
        scaling.put(m, run(output, "M=" + m, spec, split, honest(m), true, par));
      }
      // 2. robustness: 1 of 4 and 2 of 5 Byzantine; honest-only, verified, unverified
      List<Robustness> robust = new ArrayList<>();
      for (int[] c : new int[][] {{1, 4}, {2, 5}}) {
        int byz = c[0];
        int m = c[1];
        CollabSpec spec = spec(inner, s.rounds(), m, outer);
        List<Simulation.Miner> honestOnly = honest(m - byz);
        List<Simulation.Miner> mixed = new ArrayList<>(honestOnly);
        for (int b = 0; b < byz; b++) {
          // Byzantine commitments arrive among the honest ones, each cycling through the attacks
          mixed.add(
              Math.min(1 + 2 * b, mixed.size()),
              Simulation.Miner.byzantine(enrollment(m - byz + b), ATTACKS, 2 * b));
        }
        String name = byz + " of " + m;
        Simulation.Result h =
            run(output, name + " honest only", spec, split, honestOnly, true, par);
        Simulation.Result v = run(output, name + " verified", spec, split, mixed, true, par);
        CollabSpec plain = spec.toBuilder().outer(OuterOptimizer.PLAIN_AVERAGING).build();
        Simulation.Result u = run(output, name + " unverified", plain, split, mixed, false, par);
        robust.add(new Robustness(byz, m, h, v, u));
      }
      write(report, answer, scaling, robust, s);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    report.put("seconds", seconds);
    answer.put("seconds", seconds);
    AtomicFiles.write(
        out.resolve("report.json"),
        (Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n")
            .getBytes(StandardCharsets.UTF_8));
    answer.put("report", out.resolve("report.json").toString());
    return 0;
  }

  /** The three runs of one robustness case. */
  record Robustness(
      int byzantine,
      int miners,
      Simulation.Result honestOnly,
      Simulation.Result verified,
      Simulation.Result unverified) {}

  static CollabSpec spec(TaskSpec inner, int rounds, int miners, OuterOptimizer outer) {
    return CollabSpec.builder()
        .inner(inner)
        .rounds(rounds)
        .miners(miners)
        .quorum(1)
        .outer(outer)
        .build();
  }

  static Enrollment enrollment(int slot) {
    return new Enrollment(
        Sha256.tagged("pot/experiment/miner", LittleEndian.u32(slot)),
        Sha256.tagged("pot/experiment/enrollment", LittleEndian.u32(slot)),
        slot);
  }

  static List<Simulation.Miner> honest(int count) {
    List<Simulation.Miner> miners = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      miners.add(Simulation.Miner.honest(enrollment(i)));
    }
    return miners;
  }

  private Simulation.Result run(
      Output output,
      String name,
      CollabSpec spec,
      DataSets.Split split,
      List<Simulation.Miner> miners,
      boolean verify,
      Parallel par)
      throws IOException {
    long t0 = System.nanoTime();
    Simulation sim = new Simulation(spec, split, par);
    return sim.run(
        miners,
        verify,
        ESCROW,
        new Simulation.Listener() {
          @Override
          public void roundClosed(RoundReport r) {
            output.note(
                String.format(
                    "%-22s round %2d/%d  accepted %d/%d  accuracy %.2f%%  train %.1fs  verify %.1fs"
                        + "  (%.0fs)",
                    name,
                    r.round() + 1,
                    spec.rounds(),
                    r.accepted(),
                    r.contributions(),
                    100 * r.accuracy(),
                    r.trainSeconds(),
                    r.verifySeconds(),
                    (System.nanoTime() - t0) / 1e9));
          }
        });
  }

  private void write(
      ObjectNode report,
      ObjectNode answer,
      Map<Integer, Simulation.Result> scaling,
      List<Robustness> robust,
      Setting s)
      throws IOException {
    long h = s.localSteps();
    // scaling
    ArrayNode sc = report.putArray("scaling");
    List<Charts.Line> bySteps = new ArrayList<>();
    List<Charts.Line> byRounds = new ArrayList<>();
    Map<String, Map<String, Double>> bytes = new LinkedHashMap<>();
    for (Map.Entry<Integer, Simulation.Result> e : scaling.entrySet()) {
      int m = e.getKey();
      List<RoundReport> rs = e.getValue().rounds();
      double[] steps = new double[rs.size()];
      double[] rounds = new double[rs.size()];
      double[] acc = new double[rs.size()];
      long total = 0;
      ObjectNode o = sc.addObject();
      o.put("miners", m);
      ArrayNode rounds1 = o.putArray("rounds");
      Integer reached = null;
      for (int i = 0; i < rs.size(); i++) {
        RoundReport r = rs.get(i);
        total += r.acceptedSteps();
        steps[i] = total;
        rounds[i] = i + 1;
        acc[i] = r.accuracy();
        if (reached == null && r.accuracy() >= TARGET_ACCURACY) {
          reached = i + 1;
        }
        ObjectNode ro = round(r);
        ro.put("total_steps", total);
        rounds1.add(ro);
      }
      o.put("final_accuracy", acc[acc.length - 1]);
      o.put("final_model_hash", rs.get(rs.size() - 1).modelHash());
      if (reached == null) {
        o.putNull("rounds_to_88");
      } else {
        o.put("rounds_to_88", reached);
      }
      bySteps.add(new Charts.Line("M = " + m, steps, acc, false));
      byRounds.add(new Charts.Line("M = " + m, rounds, acc, false));
      RoundReport last = rs.get(rs.size() - 1);
      Map<String, Double> b = new LinkedHashMap<>();
      b.put("collaborative: weights in and out", (double) last.modelBytes());
      b.put(
          "collaborative + verification downloads (one verifier each)",
          last.modelBytes() + mean(rs));
      b.put("data-parallel, synchronized every step", (double) last.dataParallelBytes());
      bytes.put("M = " + m, b);
    }
    ArrayNode bo = report.putArray("bytes_per_round");
    bytes.forEach(
        (k, v) -> {
          ObjectNode x = bo.addObject();
          x.put("case", k);
          v.forEach(x::put);
        });

    // robustness
    ArrayNode ro = report.putArray("robustness");
    List<Charts.Line> robustLines = new ArrayList<>();
    int slashed = 0;
    for (Robustness r : robust) {
      ObjectNode o = ro.addObject();
      String name = r.byzantine() + " of " + r.miners();
      o.put("byzantine", r.byzantine());
      o.put("miners", r.miners());
      String honestHash = hex(r.honestOnly());
      String verifiedHash = hex(r.verified());
      o.put("honest_only_model_hash", honestHash);
      o.put("with_byzantine_model_hash", verifiedHash);
      o.put("identical", honestHash.equals(verifiedHash));
      o.put("byzantine_slashed", r.verified().rejectedMiners().size());
      slashed += r.verified().rejectedMiners().size();
      ArrayNode rej = o.putArray("rejections");
      for (RoundReport rr : r.verified().rounds()) {
        for (Simulation.Rejected x : rr.rejected()) {
          ObjectNode xo = rej.addObject();
          xo.put("round", rr.round());
          xo.put("miner", x.miner());
          xo.put("attack", x.behaviour().name());
          xo.put("rejection", x.rejection().name());
          ArrayNode reasons = xo.putArray("reasons");
          x.reasons().forEach(y -> reasons.add(y.name()));
        }
      }
      long byzPaid = 0;
      long paid = 0;
      for (RoundReport rr : r.verified().rounds()) {
        for (RoundRewards.Payout p : rr.payouts()) {
          paid += p.amount();
          if (r.verified().rejectedMiners().contains(Hex.encode(p.minerId()))) {
            byzPaid += p.amount();
          }
        }
      }
      o.put("escrow", ESCROW);
      o.put("paid", paid);
      o.put("paid_to_byzantine", byzPaid);
      double[] x = rounds(r.verified());
      double[] hv = accuracies(r.honestOnly());
      double[] vv = accuracies(r.verified());
      double[] uv = accuracies(r.unverified());
      put(o.putArray("honest_only_accuracy"), hv);
      put(o.putArray("verified_accuracy"), vv);
      put(o.putArray("unverified_accuracy"), uv);
      o.put("verified_final_accuracy", vv[vv.length - 1]);
      o.put("unverified_final_accuracy", uv[uv.length - 1]);
      robustLines.add(new Charts.Line(name + ", verified", x, vv, false));
      robustLines.add(new Charts.Line(name + ", unverified plain averaging", x, uv, true));
    }
    Robustness first = robust.get(0);
    for (ObjectNode target : List.of(report, answer)) {
      target.put("honest_only_model_hash", hex(first.honestOnly()));
      target.put("with_byzantine_model_hash", hex(first.verified()));
      target.put("byzantine_slashed", slashed);
      target.put("verified_final_accuracy", last(accuracies(first.verified())));
      target.put("unverified_final_accuracy", last(accuracies(first.unverified())));
    }

    // cost: the M = 4 run
    List<RoundReport> rs = scaling.get(4).rounds();
    double[] x = new double[rs.size()];
    double[] verify = new double[rs.size()];
    double[] aggregate = new double[rs.size()];
    double[] reexec = new double[rs.size()];
    double[] eval = new double[rs.size()];
    ArrayNode co = report.putArray("verification_cost");
    for (int i = 0; i < rs.size(); i++) {
      RoundReport r = rs.get(i);
      x[i] = i + 1;
      verify[i] = r.verifySeconds() / r.trainSeconds();
      aggregate[i] = r.aggregateSeconds() / r.trainSeconds();
      reexec[i] = r.reexecutionSeconds() / r.trainSeconds();
      eval[i] = r.evaluationSeconds() / r.trainSeconds();
      ObjectNode c = co.addObject();
      c.put("round", i + 1);
      c.put("train_seconds", r.trainSeconds());
      c.put("verify_seconds", r.verifySeconds());
      c.put("aggregate_seconds", r.aggregateSeconds());
      c.put("verify_reexecution_seconds", r.reexecutionSeconds());
      c.put("verify_evaluation_seconds", r.evaluationSeconds());
      c.put("verify_fraction", verify[i]);
      c.put("verify_reexecution_fraction", reexec[i]);
      c.put("verify_evaluation_fraction", eval[i]);
      c.put("aggregate_fraction", aggregate[i]);
    }

    String model = s.model() + ", H = " + h;
    ArrayNode plots = report.putArray("plots");
    Charts.lines(
        out.resolve("accuracy_vs_steps.png"),
        "Test accuracy against total training steps (" + model + ")",
        "total local steps of accepted contributions",
        "test accuracy",
        bySteps);
    Charts.lines(
        out.resolve("accuracy_vs_rounds.png"),
        "Test accuracy against rounds (" + model + ")",
        "round",
        "test accuracy",
        byRounds);
    Charts.logBars(
        out.resolve("bytes_per_round.png"),
        "Bytes exchanged per round (" + model + ")",
        "miners",
        "bytes (log scale)",
        bytes);
    Charts.lines(
        out.resolve("robustness.png"),
        "Byzantine miners: verified vs unverified plain averaging (" + model + ")",
        "round",
        "test accuracy",
        robustLines);
    Charts.lines(
        out.resolve("verification_cost.png"),
        "Cost per round as a fraction of training, M = 4 (" + model + ")",
        "round",
        "fraction of training time",
        List.of(
            new Charts.Line("verification, all (one verifier per contribution)", x, verify, false),
            new Charts.Line("of which re-executing sampled segments", x, reexec, true),
            new Charts.Line("of which the evaluation pass over the test split", x, eval, true),
            new Charts.Line("aggregation", x, aggregate, false)));
    for (String p :
        List.of(
            "accuracy_vs_steps.png",
            "accuracy_vs_rounds.png",
            "bytes_per_round.png",
            "robustness.png",
            "verification_cost.png")) {
      plots.add(p);
    }
  }

  private static ObjectNode round(RoundReport r) {
    ObjectNode o = Json.object();
    o.put("round", r.round() + 1);
    o.put("accuracy", r.accuracy());
    o.put("accepted", r.accepted());
    o.put("model_hash", r.modelHash());
    o.put("state_hash", r.stateHash());
    o.put("train_seconds", r.trainSeconds());
    o.put("verify_seconds", r.verifySeconds());
    o.put("verify_reexecution_seconds", r.reexecutionSeconds());
    o.put("verify_evaluation_seconds", r.evaluationSeconds());
    o.put("aggregate_seconds", r.aggregateSeconds());
    o.put("model_bytes", r.modelBytes());
    o.put("verification_bytes", r.verificationBytes());
    o.put("data_parallel_bytes", r.dataParallelBytes());
    return o;
  }

  /** Mean bytes one verifier downloaded per round. */
  private static double mean(List<RoundReport> rs) {
    double sum = 0;
    for (RoundReport r : rs) {
      sum += r.verificationBytes();
    }
    return sum / rs.size();
  }

  private static String hex(Simulation.Result r) {
    return Hex.encode(r.finalModel().modelHash());
  }

  private static double[] rounds(Simulation.Result r) {
    double[] x = new double[r.rounds().size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = i + 1;
    }
    return x;
  }

  private static double[] accuracies(Simulation.Result r) {
    return r.rounds().stream().mapToDouble(RoundReport::accuracy).toArray();
  }

  private static double last(double[] a) {
    return a[a.length - 1];
  }

  private static void put(ArrayNode a, double[] v) {
    for (double d : v) {
      a.add(d);
    }
  }
}
