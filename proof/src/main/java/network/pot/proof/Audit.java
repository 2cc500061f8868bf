package network.pot.proof;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.TreeMap;
import network.pot.base.bytes.Hex;
import network.pot.proof.Verdict.Failure;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataFormatException;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.train.Checkpoint;
import network.pot.tensor.train.Seeds;
import network.pot.tensor.train.Trainer;

/**
 * The checks a verifier and a fraud-proof checker share: opening a leaf against the committed root,
 * fetching and validating its checkpoint, re-executing a segment and evaluating the final model.
 * Each check returns the {@link Failure} it found, or null.
 */
final class Audit {
  private final TaskSpec task;
  private final Commitment commitment;
  private final DataSets.Split data;
  private final BlobSource blobs;
  private final OpeningSource openings;
  private final Parallel par;
  private final StartState start;
  private final Seeds seeds;
  private final TreeMap<Integer, Merkle.Opening> verified = new TreeMap<>();
  private int checkpointLength;

  /** The state at leaf T/k, when the last segment was re-executed and matched it. */
  private Trainer finalState;

  private long stepsReexecuted;
  private long reexecutionNanos;
  private long evaluationNanos;
  private int evaluatedCorrect = -1;

  /** A leaf's checkpoint, checked against the task and binding, as a trainer positioned there. */
  private record Loaded(Trainer trainer, Failure failure) {}

  /** An audit of a transcript whose step 0 is {@code start}'s state for the binding's keys. */
  Audit(
      TaskSpec task,
      Commitment commitment,
      DataSets.Split data,
      BlobSource blobs,
      OpeningSource openings,
      StartState start,
      Parallel par) {
    this.task = task;
    this.start = start;
    this.commitment = commitment;
    this.data = data;
    this.blobs = blobs;
    this.openings = openings;
    this.par = par;
    this.seeds = commitment.binding().seeds();
  }

  long stepsReexecuted() {
    return stepsReexecuted;
  }

  /** Time spent running training steps. */
  long reexecutionNanos() {
    return reexecutionNanos;
  }

  /** Time spent in the evaluation pass over the test split. */
  long evaluationNanos() {
    return evaluationNanos;
  }

  int evaluatedCorrect() {
    return evaluatedCorrect;
  }

  /** The verified opening of {@code leaf}, if it was checked. */
  Merkle.Opening verified(int leaf) {
    return verified.get(leaf);
  }

  /** Checks segment {@code i}: both openings, the start checkpoint, then k re-executed steps. */
  Failure segment(int i) throws IOException {
    Failure f = open(i, i);
    if (f == null) {
      f = open(i + 1, i);
    }
    if (f != null) {
      return f;
    }
    Trainer t;
    if (i == 0) {
      // the binding determines leaf 0: when it matches, start from the recomputed state and
      // fetch nothing; otherwise the blob, if there is one, tells what is wrong with it
      Trainer initial = initialTrainer();
      byte[] expected = Checkpoint.stateHash(initial);
      if (MessageDigest.isEqual(expected, verified.get(0).leaf())) {
        t = initial;
      } else {
        Loaded start = load(0, 0);
        return start.failure() != null
            ? start.failure()
            : new Failure(
                0,
                Reason.INITIAL_STATE_MISMATCH,
                "leaf 0 is "
                    + Hex.encode(verified.get(0).leaf())
                    + ", the binding's initial state is "
                    + Hex.encode(expected));
      }
    } else {
      Loaded start = load(i, i);
      if (start.failure() != null) {
        return start.failure();
      }
      t = start.trainer();
    }
    long t0 = System.nanoTime();
    for (long s = 0; s < task.checkpointEvery(); s++) {
      t.step(par);
    }
    reexecutionNanos += System.nanoTime() - t0;
    stepsReexecuted += task.checkpointEvery();
    byte[] got = Checkpoint.stateHash(t);
    byte[] claimed = verified.get(i + 1).leaf();
    if (!MessageDigest.isEqual(got, claimed)) {
      return new Failure(
          i,
          Reason.SEGMENT_MISMATCH,
          "re-executing steps "
              + i * task.checkpointEvery()
              + ".."
              + (i + 1) * task.checkpointEvery()
              + " gives "
              + Hex.encode(got)
              + ", the transcript claims "
              + Hex.encode(claimed));
    }
    if (i + 1 == task.segments()) {
      finalState = t;
    }
    return null;
  }

  /** Checks the final model: its opening, checkpoint, model hash and the claimed metric. */
  Failure evaluate() throws IOException {
    int last = task.segments();
    Failure f = open(last, Verdict.FINAL);
    if (f != null) {
      return f;
    }
    Trainer end = finalState;
    if (end == null) {
      Loaded loaded = load(last, Verdict.FINAL);
      if (loaded.failure() != null) {
        return loaded.failure();
      }
      end = loaded.trainer();
    }
    byte[] modelHash = Checkpoint.modelHash(end.model());
    if (!MessageDigest.isEqual(modelHash, commitment.modelHash())) {
      return new Failure(
          Verdict.FINAL,
          Reason.MODEL_HASH_MISMATCH,
          "the final checkpoint's model hash is "
              + Hex.encode(modelHash)
              + ", the commitment claims "
              + Hex.encode(commitment.modelHash()));
    }
    long t0 = System.nanoTime();
    evaluatedCorrect = Trainer.correct(end.model(), data.test(), par);
    evaluationNanos += System.nanoTime() - t0;
    if (evaluatedCorrect != commitment.claimedCorrect()) {
      return new Failure(
          Verdict.FINAL,
          Reason.METRIC_MISMATCH,
          "the final model classifies "
              + evaluatedCorrect
              + " of "
              + data.test().size()
              + " test samples correctly, the commitment claims "
              + commitment.claimedCorrect());
    }
    return null;
  }

  /**
   * Fetches and verifies the opening of {@code leaf}; failures are reported for {@code segment}.
   */
  private Failure open(int leaf, int segment) throws IOException {
    if (verified.containsKey(leaf)) {
      return null;
    }
    Optional<Merkle.Opening> o = openings.open(leaf);
    if (o.isEmpty()) {
      return new Failure(segment, Reason.MISSING_OPENING, "no opening of leaf " + leaf);
    }
    if (o.get().index() != leaf
        || !Merkle.verify(commitment.merkleRoot(), commitment.checkpoints(), o.get())) {
      return new Failure(
          segment,
          Reason.BAD_MERKLE_PROOF,
          "the opening of leaf " + leaf + " does not lead to the committed root");
    }
    verified.put(leaf, o.get());
    return null;
  }

  /** The binding's initial state, computed from the start and the keys without training. */
  private Trainer initialTrainer() {
    Trainer initial = start.trainer(task, seeds, data.train());
    checkpointLength = Checkpoint.encodedLength(initial);
    return initial;
  }

  /**
   * The length of every checkpoint of this task: the same spec, parameter and state sizes, and
   * fixed-width counters as the initial one.
   */
  private int checkpointLength() {
    if (checkpointLength == 0) {
      initialTrainer();
    }
    return checkpointLength;
  }

  /** Fetches the verified leaf's checkpoint and checks it belongs to this task and binding. */
  private Loaded load(int leaf, int segment) throws IOException {
    byte[] id = verified.get(leaf).leaf();
    int length = checkpointLength();
    Optional<byte[]> blob = blobs.fetch(id, length);
    if (blob.isEmpty()) {
      return failed(
          segment, Reason.MISSING_BLOB, "no blob " + Hex.encode(id) + " for leaf " + leaf);
    }
    byte[] b = blob.get();
    if (b.length > length) {
      return failed(
          segment,
          Reason.CORRUPT_BLOB,
          "the blob fetched for leaf " + leaf + " is longer than a checkpoint of this task");
    }
    if (!Checkpoint.sealedWith(b, id)) {
      return failed(
          segment,
          Reason.CORRUPT_BLOB,
          "the blob fetched for leaf " + leaf + " does not hash to its address " + Hex.encode(id));
    }
    Checkpoint.Contents c;
    Trainer trainer;
    try {
      // sealedWith has checked the trailer against the body and the address: no second hash
      c = Checkpoint.decodeVerified(b, "checkpoint " + leaf);
      trainer = c.trainer(data.train());
    } catch (DataFormatException | IllegalArgumentException e) {
      return failed(segment, Reason.MALFORMED_CHECKPOINT, e.getMessage());
    }
    if (!c.seeds().equals(seeds)) {
      return failed(
          segment,
          Reason.BINDING_MISMATCH,
          "checkpoint " + leaf + " was trained with keys this binding does not derive");
    }
    if (!c.modelSpec().equals(task.model())
        || !c.optimizerSpec().equals(task.optimizer())
        || c.batch() != task.batch()) {
      return failed(
          segment,
          Reason.PARAMETER_MISMATCH,
          "checkpoint "
              + leaf
              + " has optimizer "
              + c.optimizerSpec().canonicalJson()
              + " and batch "
              + c.batch()
              + "; the task has "
              + task.optimizer().canonicalJson()
              + " and batch "
              + task.batch()
              + (c.modelSpec().equals(task.model()) ? "" : " (and another model)"));
    }
    long step = leaf * task.checkpointEvery();
    if (c.step() != step || c.optimizerUpdates() != step) {
      return failed(
          segment,
          Reason.STEP_MISMATCH,
          "checkpoint " + leaf + " is at step " + c.step() + ", expected " + step);
    }
    return new Loaded(trainer, null);
  }

  /** Whether {@code blob} is a body followed by its SHA-256, that hash being {@code id}. */
  private static Loaded failed(int segment, Reason r, String detail) {
    return new Loaded(null, new Failure(segment, r, detail));
  }
}
