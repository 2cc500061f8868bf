package network.pot.proof;

import java.io.IOException;
import java.util.List;
import java.util.function.LongConsumer;
import network.pot.base.crypto.Sha256;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.train.Checkpoint;
import network.pot.tensor.train.Trainer;

/**
 * Trains a task under a binding and keeps its transcript: the checkpoint at step 0 and after every
 * k steps (or only those a {@link CheckpointStorage} keeps) is stored as a blob under its state
 * hash (the SHA-256 trailer of its canonical bytes, which covers weights, optimizer state, step
 * counter, keys and batch), and the state hashes become the leaves of a Merkle tree. The result is
 * the commitment (root, final model hash, exact count of correct test predictions) and the
 * transcript that answers challenges.
 */
public final class Prover {
  /**
   * A finished run: what to commit, what serves openings, and the time the training thread spent
   * keeping the transcript (copying checkpoints, and waiting when the background hashing and
   * storing fell behind): the prover's overhead over training.
   */
  public record Result(
      Commitment commitment,
      Transcript transcript,
      int testSamples,
      double transcriptSeconds,
      CheckpointStorage storage) {
    /** A run that kept every checkpoint. */
    public Result(
        Commitment commitment, Transcript transcript, int testSamples, double transcriptSeconds) {
      this(commitment, transcript, testSamples, transcriptSeconds, CheckpointStorage.FULL);
    }
  }

  private Prover() {}

  /**
   * Trains {@code task} from the binding's initial state for T steps on {@code data.train()}.
   * {@code progress} hears the step count after every step.
   */
  public static Result prove(
      TaskSpec task,
      Binding binding,
      DataSets.Split data,
      BlobSink blobs,
      Parallel par,
      LongConsumer progress)
      throws IOException {
    return prove(task, binding, data, blobs, Long.MAX_VALUE, par, progress);
  }

  /**
   * Like {@link #prove(TaskSpec, Binding, DataSets.Split, BlobSink, Parallel, LongConsumer)}, but
   * stores only the checkpoints that fit in {@code budgetBytes} ({@link
   * CheckpointStorage#forBudget}); the others are re-trained when a challenge needs them ({@link
   * CheckpointServer}).
   *
   * @throws IllegalArgumentException when the budget does not hold the first and last checkpoint
   */
  public static Result prove(
      TaskSpec task,
      Binding binding,
      DataSets.Split data,
      BlobSink blobs,
      long budgetBytes,
      Parallel par,
      LongConsumer progress)
      throws IOException {
    Trainer trainer = task.newTrainer(binding.seeds(), data.train());
    long length = Checkpoint.encodedLength(trainer);
    CheckpointStorage storage = CheckpointStorage.forBudget(budgetBytes, length, task.segments());
    if (!storage.fits(budgetBytes, length, task.segments())) {
      throw new IllegalArgumentException(
          "a budget of "
              + budgetBytes
              + " bytes does not hold the first and last checkpoints of "
              + length
              + " bytes each");
    }
    return continueFrom(task, binding, trainer, data, blobs, storage, par, progress);
  }

  /**
   * Runs a trainer that is at step 0 to T, keeping the transcript. {@link #prove} is the honest
   * use; a trainer built another way yields a transcript the verifier rejects (attack simulations).
   */
  public static Result continueFrom(
      TaskSpec task,
      Binding binding,
      Trainer trainer,
      DataSets.Split data,
      BlobSink blobs,
      Parallel par,
      LongConsumer progress)
      throws IOException {
    return continueFrom(task, binding, trainer, data, blobs, CheckpointStorage.FULL, par, progress);
  }

  /** Like the other {@code continueFrom}, storing only the checkpoints {@code storage} keeps. */
  public static Result continueFrom(
      TaskSpec task,
      Binding binding,
      Trainer trainer,
      DataSets.Split data,
      BlobSink blobs,
      CheckpointStorage storage,
      Parallel par,
      LongConsumer progress)
      throws IOException {
    if (trainer.step() != 0) {
      throw new IllegalArgumentException("a transcript starts at step 0");
    }
    List<byte[]> leaves;
    double keepSeconds;
    try (TranscriptWriter writer = new TranscriptWriter(blobs)) {
      int n = task.segments();
      writer.keep(trainer, true);
      while (trainer.step() < task.steps()) {
        double loss = trainer.step(par);
        if (!Double.isFinite(loss)) {
          throw new IllegalArgumentException(
              "training diverged at step " + trainer.step() + " (loss " + loss + ")");
        }
        progress.accept(trainer.step());
        if (trainer.step() % task.checkpointEvery() == 0) {
          int leaf = (int) (trainer.step() / task.checkpointEvery());
          writer.keep(trainer, storage.keeps(leaf, n));
        }
      }
      leaves = writer.finish();
      keepSeconds = writer.blockedSeconds();
    }
    Transcript transcript = new Transcript(leaves);
    int correct = Trainer.correct(trainer.model(), data.test(), par);
    Commitment c =
        new Commitment(
            binding.taskId(),
            binding.minerId(),
            binding.enrollHash(),
            transcript.root(),
            Checkpoint.modelHash(trainer.model()),
            correct,
            transcript.size());
    return new Result(c, transcript, data.test().size(), keepSeconds, storage);
  }

  /** Stores the trainer's checkpoint blob and returns its state hash. */
  static byte[] keep(Trainer trainer, BlobSink blobs) throws IOException {
    byte[] blob = Checkpoint.encode(trainer);
    byte[] id = stateHashOf(blob);
    blobs.put(id, blob);
    return id;
  }

  /** The state hash of a checkpoint blob: its last 32 bytes. */
  static byte[] stateHashOf(byte[] blob) {
    return java.util.Arrays.copyOfRange(blob, blob.length - Sha256.SIZE, blob.length);
  }
}
