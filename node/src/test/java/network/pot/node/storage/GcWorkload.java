package network.pot.node.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.Globals;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.Params;
import network.pot.chain.state.StateKey;
import network.pot.chain.state.StateValue;
import network.pot.chain.state.Task;
import network.pot.chain.tx.Payload;

/**
 * A store to collect, the same in every process: a task settled long ago whose spec, dataset,
 * transcript and {@code DOOMED} checkpoints may all go, an open task whose artifacts stay, and
 * artifacts the chain does not name (kept by the default policy). Every artifact's content is a
 * function of its key, so any process can check it.
 */
final class GcWorkload {
  static final int DOOMED = 200;
  static final int KEPT = 40;
  static final int STRAYS = 10;
  static final Hash OLD = h("old task");
  static final Hash OPEN = h("open task");
  private static final Address PUBLISHER = Address.of(new byte[20]);
  private static final Address MINER = Address.of(fill(7));

  private GcWorkload() {}

  private static byte[] fill(int b) {
    byte[] a = new byte[20];
    java.util.Arrays.fill(a, (byte) b);
    return a;
  }

  static Hash h(String s) {
    return Hash.sha256(s.getBytes(StandardCharsets.UTF_8));
  }

  /** The chain: the old task's window closed long ago, the open task's deadline is far ahead. */
  static LedgerState state() {
    long height = 1_000 + Params.DEFAULT.verificationWindow();
    Map<Bytes, StateValue> m = new HashMap<>();
    m.put(StateKey.GLOBALS, new Globals(height, Hash.ZERO, 0, 0, 0, 0, 0, 0, List.of()));
    m.put(StateKey.PARAMS, Params.DEFAULT);
    task(m, OLD, 100, true);
    task(m, OPEN, height + 10_000, false);
    return LedgerState.of(m);
  }

  private static void task(Map<Bytes, StateValue> m, Hash id, long deadline, boolean settled) {
    Payload.PublishTask terms =
        Payload.PublishTask.builder()
            .datasetId(part(id, "data"))
            .specHash(part(id, "spec"))
            .totalSteps(10)
            .checkpointInterval(5)
            .deadline(deadline)
            .build();
    Task t = new Task(PUBLISHER, terms, 1, 0, List.of(MINER), false, null);
    m.put(StateKey.task(id), settled ? t.settle(MINER) : t);
    m.put(
        StateKey.enrollment(id, MINER),
        Enrollment.enroll(1, 2, Hash.ZERO)
            .commit(part(id, "transcript"), part(id, "model"), 9, 50, List.of()));
  }

  static Hash part(Hash task, String what) {
    return h(task.toHex() + "/" + what);
  }

  static List<Hash> checkpoints(Hash task) {
    int n = task.equals(OLD) ? DOOMED : KEPT;
    List<Hash> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(part(task, "checkpoint " + i));
    }
    return out;
  }

  /** The keys collection may remove. */
  static List<Hash> doomed() {
    List<Hash> out = new ArrayList<>(checkpoints(OLD));
    out.add(part(OLD, "data"));
    out.add(part(OLD, "spec"));
    out.add(part(OLD, "transcript"));
    return out;
  }

  /** The keys collection must keep. */
  static List<Hash> kept() {
    List<Hash> out = new ArrayList<>(checkpoints(OPEN));
    out.add(part(OPEN, "data"));
    out.add(part(OPEN, "spec"));
    out.add(part(OPEN, "transcript"));
    for (int i = 0; i < STRAYS; i++) {
      out.add(h("stray " + i));
    }
    return out;
  }

  /** The content stored under {@code key}: a transcript lists its checkpoints, else key bytes. */
  static byte[] content(Hash key) {
    for (Hash task : List.of(OLD, OPEN)) {
      if (key.equals(part(task, "transcript"))) {
        List<Hash> c = checkpoints(task);
        byte[] b = new byte[c.size() * Hash.SIZE];
        for (int i = 0; i < c.size(); i++) {
          System.arraycopy(c.get(i).toArray(), 0, b, i * Hash.SIZE, Hash.SIZE);
        }
        return b;
      }
    }
    byte[] k = key.toArray();
    int n = 100 + (k[0] & 0xFF);
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = k[i % k.length];
    }
    return b;
  }

  /** Stores every artifact. */
  static void fill(ArtifactIndex index) throws IOException {
    List<Hash> all = new ArrayList<>(doomed());
    all.addAll(kept());
    for (Hash k : all) {
      index.put(k.toArray(), new ByteArrayInputStream(content(k)), 4096);
    }
  }
}
