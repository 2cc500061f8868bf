package network.pot.proof;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import network.pot.tensor.train.Checkpoint;
import network.pot.tensor.train.Trainer;

/**
 * Keeps a prover's transcript off the training path. While training is paused the checkpoint bytes
 * are copied once into a reused buffer; a hashing thread then seals them (the state hash), and, for
 * the checkpoints the {@link CheckpointStorage} keeps, a writing thread stores them while the next
 * steps run. Hashing never queues behind the disk, and a buffer is reused as soon as its own
 * checkpoint is done, whatever the order. Leaves come back in step order. At most {@link
 * #MAX_IN_FLIGHT} buffers exist, so the training thread neither allocates nor waits unless the
 * hashing or the disk falls that far behind; then training slows down instead of filling the heap.
 */
final class TranscriptWriter implements AutoCloseable {
  static final int MAX_IN_FLIGHT = 4;

  private final BlobSink blobs;
  private final ExecutorService hasher = daemon("pot-transcript-hash");
  private final ExecutorService writer = daemon("pot-transcript-store");
  private final LinkedBlockingQueue<byte[]> free = new LinkedBlockingQueue<>();
  private final List<CompletableFuture<byte[]>> leaves = new ArrayList<>();
  private int allocated;
  private long blockedNanos;

  TranscriptWriter(BlobSink blobs) {
    this.blobs = blobs;
  }

  private static ExecutorService daemon(String name) {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Snapshots the trainer's state now; its hash follows in the background, and its blob is stored
   * when {@code store} (else only its state hash is kept).
   */
  void keep(Trainer trainer, boolean store) throws IOException {
    long t0 = System.nanoTime();
    byte[] blob = buffer(Checkpoint.encodedLength(trainer));
    Checkpoint.encodeUnsealed(trainer, blob);
    CompletableFuture<byte[]> hashed =
        CompletableFuture.supplyAsync(
            () -> {
              Checkpoint.seal(blob);
              return Prover.stateHashOf(blob);
            },
            hasher);
    CompletableFuture<byte[]> done =
        store ? hashed.thenApplyAsync(id -> stored(id, blob), writer) : hashed;
    // the buffer is free again once its checkpoint is hashed (and stored), failed or not
    leaves.add(done.whenComplete((id, failure) -> free.add(blob)));
    blockedNanos += System.nanoTime() - t0;
  }

  private byte[] stored(byte[] id, byte[] blob) {
    try {
      blobs.put(id, blob);
      return id;
    } catch (IOException e) {
      throw new CompletionException(e);
    }
  }

  /**
   * Waits for every checkpoint to be stored, makes the blobs durable and returns the leaves in step
   * order.
   */
  List<byte[]> finish() throws IOException {
    long t0 = System.nanoTime();
    List<byte[]> out = new ArrayList<>(leaves.size());
    for (CompletableFuture<byte[]> f : leaves) {
      out.add(await(f));
    }
    blobs.flush();
    blockedNanos += System.nanoTime() - t0;
    return out;
  }

  /** Time the training thread spent on the transcript (copying, or waiting for a free buffer). */
  double blockedSeconds() {
    return blockedNanos / 1e9;
  }

  /** A free buffer of {@code length} bytes; waits for one when all are in flight. */
  private byte[] buffer(int length) throws IOException {
    byte[] b = free.poll();
    if (b == null && allocated < MAX_IN_FLIGHT) {
      allocated++;
      return new byte[length];
    }
    if (b == null) {
      try {
        b = free.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while keeping a checkpoint", e);
      }
    }
    failFast();
    return b.length == length ? b : new byte[length];
  }

  /** Stops the run at the first failed store rather than training on to the end. */
  private void failFast() throws IOException {
    for (int i = leaves.size() - 1; i >= Math.max(0, leaves.size() - MAX_IN_FLIGHT); i--) {
      if (leaves.get(i).isCompletedExceptionally()) {
        await(leaves.get(i));
      }
    }
  }

  private static byte[] await(CompletableFuture<byte[]> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while storing a checkpoint", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof CompletionException ce && ce.getCause() != null) {
        c = ce.getCause();
      }
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
   * Stops the background threads and waits for them, so that after a failed run no store is still
   * writing when the caller cleans up.
   */
  @Override
  public void close() {
    hasher.shutdownNow();
    writer.shutdownNow();
    try {
      hasher.awaitTermination(1, TimeUnit.MINUTES);
      writer.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
