package network.pot.node.work;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.Task;
import network.pot.node.api.ArtifactStore;
import network.pot.tensor.data.DataFormatException;
import network.pot.tensor.train.Checkpoint;

/**
 * The final checkpoint of a miner's committed proof (a task's winning model, once settled), as the
 * network holds it: the transcript under the committed root gives the last state hash, and the
 * checkpoint under that hash is accepted only when it is sealed with it and its model hashes to the
 * model hash the chain recorded. This node's copy is used when it has one; otherwise a peer's (the
 * miner keeps every checkpoint it committed, and each verifier that accepted keeps the final one),
 * which is then kept here and served on.
 */
public final class WinningModels {
  /** Largest checkpoint fetched for a model: far above any model a task can train here. */
  public static final int MAX_BYTES = 256 << 20;

  private WinningModels() {}

  /**
   * What was fetched: the checkpoint (null when missing) and the final state hash (null when the
   * transcript is missing), or which part no peer served. The arrays are handed over, not copied.
   */
  public record Result(
      @SuppressWarnings("ArrayRecordComponent") byte[] checkpoint,
      @SuppressWarnings("ArrayRecordComponent") byte[] stateHash,
      Missing missing) {}

  /** The part of the model no peer served. */
  public enum Missing {
    TRANSCRIPT,
    CHECKPOINT
  }

  /** The final checkpoint of the proof {@code miner} committed in task {@code t}. */
  public static Result fetch(ArtifactStore artifacts, Task t, Enrollment miner) throws IOException {
    int leaves = Math.toIntExact(t.terms().totalSteps() / t.terms().checkpointInterval() + 1);
    byte[] root = miner.transcriptRoot().toArray();
    Optional<List<byte[]>> hashes =
        artifacts
            .fetch(root, leaves * 32, b -> Transcripts.decode(b, leaves, root).isPresent())
            .flatMap(b -> Transcripts.decode(b, leaves, root));
    if (hashes.isEmpty()) {
      return new Result(null, null, Missing.TRANSCRIPT);
    }
    byte[] last = hashes.get().get(leaves - 1);
    byte[] model = miner.modelHash().toArray();
    Optional<byte[]> blob = artifacts.fetch(last, MAX_BYTES, b -> isModel(b, last, model));
    return blob.map(b -> new Result(b, last, null))
        .orElseGet(() -> new Result(null, last, Missing.CHECKPOINT));
  }

  /**
   * Whether {@code blob} is the checkpoint {@code stateHash} names and holds model {@code model}.
   */
  static boolean isModel(byte[] blob, byte[] stateHash, byte[] model) {
    if (!Checkpoint.sealedWith(blob, stateHash)) {
      return false;
    }
    try {
      return Arrays.equals(
          Checkpoint.modelHash(Checkpoint.decodeVerified(blob, "checkpoint").model()), model);
    } catch (DataFormatException | IllegalArgumentException e) {
      return false;
    }
  }
}
