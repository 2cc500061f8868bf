package network.pot.proof;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import network.pot.base.crypto.Challenge;
import network.pot.proof.Verdict.Failure;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataSets;

/**
 * Checks a commitment by exact re-execution. For each challenged segment it fetches the openings of
 * both end leaves and checks them against the committed root, fetches the start checkpoint and
 * checks that it belongs to this task and binding, re-executes k steps and compares the state hash
 * bit for bit with the next leaf. Segment 0 starts from the binding's initial state, recomputed
 * from the keys: leaf 0 must be its hash, and its blob is fetched only to explain a mismatch. It
 * then checks the final state (the re-executed end of the last segment when that matched its leaf,
 * else the final checkpoint) against the committed model hash and evaluates it on the test split,
 * comparing the exact count of correct predictions with the claim.
 *
 * <p>Every expected rejection is a {@link Reason} in the {@link Verdict}; exceptions mean the
 * verifier's own inputs (task, data) are unusable or a bug.
 */
public final class Verifier {
  private final TaskSpec task;
  private final DataSets.Split data;
  private final StartState start;
  private final Parallel par;

  /**
   * A verifier of {@code task} whose dataset is {@code data} (already checked against the task).
   */
  public Verifier(TaskSpec task, DataSets.Split data, Parallel par) {
    this(task, data, StartState.FRESH, par);
  }

  /**
   * A verifier of transcripts that start from {@code start} (a collaborative round's global model)
   * rather than from the binding's own initial weights.
   */
  public Verifier(TaskSpec task, DataSets.Split data, StartState start, Parallel par) {
    this.task = task;
    this.data = data;
    this.start = start;
    this.par = par;
  }

  /** Verifies the segments the challenge derives from this randomness and verifier id. */
  public Verdict verify(
      Commitment c,
      BlobSource blobs,
      OpeningSource openings,
      byte[] randomness,
      byte[] verifierId,
      int samples)
      throws IOException {
    return verify(
        c, blobs, openings, Challenge.segments(randomness, verifierId, task.segments(), samples));
  }

  /** Verifies the given segments (plus the final evaluation). */
  public Verdict verify(
      Commitment c, BlobSource blobs, OpeningSource openings, List<Integer> segments)
      throws IOException {
    long t0 = System.nanoTime();
    int n = task.segments();
    TreeSet<Integer> sorted = new TreeSet<>(segments);
    if (sorted.isEmpty() || sorted.first() < 0 || sorted.last() >= n) {
      throw new IllegalArgumentException("segments must be within [0, " + n + ")");
    }
    List<Integer> checked = new ArrayList<>(sorted);
    List<Failure> failures = new ArrayList<>();
    if (!MessageDigest.isEqual(c.taskId(), task.taskId())) {
      failures.add(
          new Failure(Verdict.FINAL, Reason.WRONG_TASK, "the commitment is for another task"));
      return done(failures, List.of(), null, -1, t0, null);
    }
    if (c.checkpoints() != n + 1) {
      failures.add(
          new Failure(
              Verdict.FINAL,
              Reason.TRANSCRIPT_LENGTH,
              "the commitment has "
                  + c.checkpoints()
                  + " checkpoints; T/k + 1 = "
                  + (n + 1)
                  + " are required"));
      return done(failures, List.of(), null, -1, t0, null);
    }
    Audit audit = new Audit(task, c, data, blobs, openings, start, par);
    for (int i : checked) {
      Failure f = audit.segment(i);
      if (f != null) {
        failures.add(f);
      }
    }
    Failure f = audit.evaluate();
    if (f != null) {
      failures.add(f);
    }
    FraudProof proof = null;
    for (Failure x : failures) {
      if (x.reason().provable()) {
        proof = FraudProof.of(c, x.segment(), audit, n);
        break;
      }
    }
    return done(failures, checked, audit, audit.evaluatedCorrect(), t0, proof);
  }

  private Verdict done(
      List<Failure> failures,
      List<Integer> checked,
      Audit audit,
      int evaluated,
      long t0,
      FraudProof proof) {
    long steps = audit == null ? 0 : audit.stepsReexecuted();
    return new Verdict(
        failures,
        checked,
        steps,
        (double) steps / task.steps(),
        evaluated,
        (System.nanoTime() - t0) / 1e9,
        audit == null ? 0 : audit.reexecutionNanos() / 1e9,
        audit == null ? 0 : audit.evaluationNanos() / 1e9,
        proof);
  }
}
