package network.pot.proof;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import network.pot.base.bytes.Hex;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataFormatException;
import network.pot.tensor.data.Dataset;
import network.pot.tensor.train.Checkpoint;
import network.pot.tensor.train.Trainer;

/**
 * The prover's side of a blob request when it kept only some checkpoints ({@link
 * CheckpointStorage}): a kept checkpoint comes from the store as it is; any other leaf's checkpoint
 * is re-trained from its anchor (the nearest kept leaf below it, at most {@code every - 1}
 * intervals away) and served only if its state hash is the committed leaf. A missing anchor, or a
 * re-trained state that is not the leaf, answers nothing: the verifier then reports the blob
 * missing, as it would for a prover that kept everything and lost it.
 *
 * <p>Re-training runs on the caller's thread; this class is not thread-safe.
 */
public final class CheckpointServer implements BlobSource {
  private final TaskSpec task;
  private final Transcript transcript;
  private final CheckpointStorage storage;
  private final BlobSource kept;
  private final Dataset train;
  private final Parallel par;
  private final Map<String, Integer> leafOf = new HashMap<>();
  private long replayedSteps;
  private long replayNanos;

  /**
   * Serves the checkpoints of {@code transcript}, kept in {@code kept} as {@code storage} says,
   * re-training the others on {@code train} (the task's training split).
   */
  public CheckpointServer(
      TaskSpec task,
      Transcript transcript,
      CheckpointStorage storage,
      BlobSource kept,
      Dataset train,
      Parallel par) {
    if (transcript.size() != task.segments() + 1) {
      throw new IllegalArgumentException("the transcript is not one of this task");
    }
    this.task = task;
    this.transcript = transcript;
    this.storage = storage;
    this.kept = kept;
    this.train = train;
    this.par = par;
    for (int i = transcript.size() - 1; i >= 0; i--) {
      leafOf.put(Hex.encode(transcript.stateHash(i)), i);
    }
  }

  /** Steps re-trained so far to serve checkpoints that were not kept. */
  public long replayedSteps() {
    return replayedSteps;
  }

  /** Time spent re-training so far. */
  public double replaySeconds() {
    return replayNanos / 1e9;
  }

  @Override
  public Optional<byte[]> fetch(byte[] id) throws IOException {
    return fetch(id, Integer.MAX_VALUE - 64);
  }

  @Override
  public Optional<byte[]> fetch(byte[] id, int maxBytes) throws IOException {
    Integer leaf = leafOf.get(Hex.encode(id));
    if (leaf == null || storage.keeps(leaf, task.segments())) {
      return kept.fetch(id, maxBytes);
    }
    Optional<byte[]> stored = kept.fetch(id, maxBytes);
    if (stored.isPresent() && Checkpoint.sealedWith(stored.get(), id)) {
      return stored;
    }
    return replay(leaf, id);
  }

  /** Re-trains leaf {@code leaf} from its anchor; its checkpoint if it is the committed state. */
  private Optional<byte[]> replay(int leaf, byte[] id) throws IOException {
    int anchor = storage.anchor(leaf);
    byte[] anchorId = transcript.stateHash(anchor);
    Optional<byte[]> start = kept.fetch(anchorId);
    if (start.isEmpty() || !Checkpoint.sealedWith(start.get(), anchorId)) {
      return Optional.empty();
    }
    Trainer t;
    try {
      t = Checkpoint.decodeVerified(start.get(), "checkpoint " + anchor).trainer(train);
    } catch (DataFormatException | IllegalArgumentException e) {
      return Optional.empty();
    }
    long steps = (long) (leaf - anchor) * task.checkpointEvery();
    long t0 = System.nanoTime();
    for (long s = 0; s < steps; s++) {
      t.step(par);
    }
    replayNanos += System.nanoTime() - t0;
    replayedSteps += steps;
    byte[] blob = Checkpoint.encode(t);
    return Checkpoint.sealedWith(blob, id) ? Optional.of(blob) : Optional.empty();
  }
}
