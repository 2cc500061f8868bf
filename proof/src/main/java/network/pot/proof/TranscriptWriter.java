package network.pot.proof;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import network.pot.tensor.train.Checkpoint;
import network.pot.tensor.train.Trainer;

/**
 * Keeps a prover's transcript off the training path: the checkpoint bytes are copied while training
 * is paused (the one copy), then hashed (sealed) and, for the checkpoints the {@link
 * CheckpointStorage} keeps, stored on one background thread while the next steps run. Leaves come
 * back in step order. The copies go into at most {@link #MAX_IN_FLIGHT} buffers that are reused
 * once their checkpoint is stored, so the training thread neither allocates nor waits for the disk
 * unless the disk falls that far behind; then training slows down instead of filling the heap.
 */
final class TranscriptWriter implements AutoCloseable {
  static final int MAX_IN_FLIGHT = 3;

  /** A checkpoint being sealed and stored, and the buffer it occupies until then. */
  // the buffer is a reused scratch array, handed back by reference; pendings are never compared
  @SuppressWarnings("ArrayRecordComponent")
  private record Pending(byte[] buffer, Future<byte[]> stateHash) {}

  private final BlobSink blobs;
  private final ExecutorService io =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "pot-transcript");
            t.setDaemon(true);
            return t;
          });
  private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
  private final ArrayDeque<byte[]> free = new ArrayDeque<>();
  private final List<byte[]> leaves = new ArrayList<>();
  private long blockedNanos;

  TranscriptWriter(BlobSink blobs) {
    this.blobs = blobs;
  }

  /**
   * Snapshots the trainer's state now; its hash follows in the background, and its blob is stored
   * when {@code store} (else only its state hash is kept).
   */
  void keep(Trainer trainer, boolean store) throws IOException {
    long t0 = System.nanoTime();
    if (inFlight.size() >= MAX_IN_FLIGHT) {
      retireOldest();
    }
    byte[] blob = buffer(Checkpoint.encodedLength(trainer));
    Checkpoint.encodeUnsealed(trainer, blob);
    inFlight.add(
        new Pending(
            blob,
            io.submit(
                () -> {
                  Checkpoint.seal(blob);
                  byte[] id = Prover.stateHashOf(blob);
                  if (store) {
                    blobs.put(id, blob);
                  }
                  return id;
                })));
    blockedNanos += System.nanoTime() - t0;
  }

  /**
   * Waits for every checkpoint to be stored, makes the blobs durable and returns the leaves in step
   * order.
   */
  List<byte[]> finish() throws IOException {
    long t0 = System.nanoTime();
    while (!inFlight.isEmpty()) {
      retireOldest();
    }
    blobs.flush();
    blockedNanos += System.nanoTime() - t0;
    return leaves;
  }

  /** Time the training thread spent on the transcript (copying, or waiting for the disk). */
  double blockedSeconds() {
    return blockedNanos / 1e9;
  }

  private byte[] buffer(int length) {
    byte[] b = free.pollFirst();
    return b != null && b.length == length ? b : new byte[length];
  }

  private void retireOldest() throws IOException {
    Pending p = inFlight.removeFirst();
    leaves.add(await(p.stateHash()));
    free.addLast(p.buffer());
  }

  private static byte[] await(Future<byte[]> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while storing a checkpoint", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(c);
    }
  }

  /**
   * Stops the background thread and waits for it, so that after a failed run no store is still
   * writing when the caller cleans up.
   */
  @Override
  public void close() {
    io.shutdownNow();
    try {
      io.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
