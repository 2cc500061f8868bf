package network.pot.proof;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import network.pot.tensor.train.Checkpoint;
import network.pot.tensor.train.Trainer;

/**
 * Keeps a prover's transcript off the training path: the checkpoint bytes are copied while training
 * is paused, then hashed (sealed) and stored on one background thread while the next steps run.
 * Leaves come back in step order; at most {@link #MAX_IN_FLIGHT} checkpoints wait in memory, so a
 * slow disk slows training down instead of filling the heap.
 */
final class TranscriptWriter implements AutoCloseable {
  static final int MAX_IN_FLIGHT = 2;

  private final BlobSink blobs;
  private final ExecutorService io =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "pot-transcript");
            t.setDaemon(true);
            return t;
          });
  private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
  private final List<byte[]> leaves = new ArrayList<>();
  private long blockedNanos;

  TranscriptWriter(BlobSink blobs) {
    this.blobs = blobs;
  }

  /** Snapshots the trainer's state now; its hash and blob follow in the background. */
  void keep(Trainer trainer) throws IOException {
    long t0 = System.nanoTime();
    byte[] blob = Checkpoint.encodeUnsealed(trainer);
    while (inFlight.size() >= MAX_IN_FLIGHT) {
      leaves.add(await(inFlight.removeFirst()));
    }
    inFlight.add(
        io.submit(
            () -> {
              Checkpoint.seal(blob);
              byte[] id = Prover.stateHashOf(blob);
              blobs.put(id, blob);
              return id;
            }));
    blockedNanos += System.nanoTime() - t0;
  }

  /** Waits for every checkpoint to be stored and returns the leaves in step order. */
  List<byte[]> finish() throws IOException {
    long t0 = System.nanoTime();
    while (!inFlight.isEmpty()) {
      leaves.add(await(inFlight.removeFirst()));
    }
    blockedNanos += System.nanoTime() - t0;
    return leaves;
  }

  /** Time the training thread spent on the transcript (copying, or waiting for the disk). */
  double blockedSeconds() {
    return blockedNanos / 1e9;
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

  @Override
  public void close() {
    io.shutdownNow();
  }
}
