package network.pot.rpc.methods;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import network.pot.base.crypto.Hash;
import network.pot.node.api.ArtifactStore;

/**
 * Task specs a client stored with {@code pot_putTaskSpec} that no task on chain names yet. Anyone
 * can call that method, and the node's artifact store keeps what it is given for good (and serves
 * it to peers), so a spec goes there only once a task on chain names it: publishing a task costs a
 * fee and an escrowed reward, so what reaches the disk is paid for. Until then the spec waits here,
 * in memory, within a byte budget shared by all clients; a spec whose task has not appeared within
 * {@code ttlBlocks} blocks is dropped. A put that would pass the budget is refused (not evicting
 * older specs, so that a publisher learns before paying for its task that its spec is not held).
 *
 * <p>The budget is global rather than per client: a per-client quota is no bound when a client can
 * come from many addresses, while a total is. A client that fills the budget shuts others out only
 * until its specs expire, and the per-client rate limit slows the filling. Specs held here are lost
 * when the node restarts: put the spec again before publishing its task.
 *
 * <p>Thread-safe: calls come from the RPC pool, {@link #committed} after each finalized block.
 */
final class PendingTaskSpecs {
  private final ArtifactStore artifacts;
  private final long maxBytes;
  private final long ttlBlocks;

  /** Spec hash to spec, oldest first. */
  private final Map<Hash, Held> held = new LinkedHashMap<>();

  private long bytes;

  /** A held spec and the height it came at. */
  private static final class Held {
    private final byte[] content;
    private final long height;

    Held(byte[] content, long height) {
      this.content = content;
      this.height = height;
    }

    byte[] content() {
      return content;
    }

    long height() {
      return height;
    }
  }

  PendingTaskSpecs(ArtifactStore artifacts, long maxBytes, long ttlBlocks) {
    this.artifacts = artifacts;
    this.maxBytes = maxBytes;
    this.ttlBlocks = ttlBlocks;
  }

  /**
   * Holds {@code content} (the spec named {@code hash}) from {@code height} on; a spec held already
   * keeps its place.
   *
   * @throws RpcError {@link RpcError#LIMIT_EXCEEDED} when the budget has no room for it
   */
  synchronized void hold(Hash hash, byte[] content, long height) throws RpcError {
    if (held.containsKey(hash)) {
      return;
    }
    if (bytes + content.length > maxBytes) {
      throw new RpcError(
          RpcError.LIMIT_EXCEEDED,
          "this node holds "
              + bytes
              + " bytes of task specs that no task on chain names yet, and takes at most "
              + maxBytes
              + " ([rpc] max_pending_task_spec_bytes); publish the tasks of those specs or wait"
              + " for unused ones to expire ("
              + ttlBlocks
              + " blocks)");
    }
    held.put(hash, new Held(content.clone(), height));
    bytes += content.length;
  }

  /** Whether the spec named {@code hash} is held here. */
  synchronized boolean holds(Hash hash) {
    return held.containsKey(hash);
  }

  /**
   * After a block at {@code height}: the held specs that a task names ({@code named}) go to the
   * artifact store, those older than the time to live are dropped. A spec the store fails to take
   * is held again (the next block retries it) and the failure thrown.
   */
  void committed(long height, Set<Hash> named) throws IOException {
    Map<Hash, Held> promote = new LinkedHashMap<>();
    synchronized (this) {
      for (Iterator<Map.Entry<Hash, Held>> it = held.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<Hash, Held> e = it.next();
        boolean isNamed = named.contains(e.getKey());
        if (isNamed || height - e.getValue().height() > ttlBlocks) {
          it.remove();
          bytes -= e.getValue().content().length;
          if (isNamed) {
            promote.put(e.getKey(), e.getValue());
          }
        }
      }
    }
    IOException failure = null;
    for (Map.Entry<Hash, Held> e : promote.entrySet()) {
      try {
        artifacts.put(e.getKey().toArray(), e.getValue().content());
      } catch (IOException failed) {
        // not stored: hold it again so that the next block retries
        synchronized (this) {
          if (held.putIfAbsent(e.getKey(), e.getValue()) == null) {
            bytes += e.getValue().content().length;
          }
        }
        failure = failure == null ? failed : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Whether any spec waits (nothing to look for after a block when none does). */
  synchronized boolean isEmpty() {
    return held.isEmpty();
  }

  /** Bytes held. */
  synchronized long bytes() {
    return bytes;
  }
}
