package network.pot.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention over a real ledger state: a settled task's artifacts stay through its fraud-proof
 * window, then go, but for the winning model of the node's own task, pinned once automatically,
 * with the transcript and final checkpoint that serve it.
 */
class StorageTest {
  private static final Address PUBLISHER = Address.of(new byte[20]);
  private static final Address WINNER = Address.of(fill(1));
  private static final Address LOSER = Address.of(fill(2));

  private static byte[] fill(int b) {
    byte[] a = new byte[20];
    java.util.Arrays.fill(a, (byte) b);
    return a;
  }

  private static Hash h(String s) {
    return Hash.sha256(s.getBytes(StandardCharsets.UTF_8));
  }

  private static LedgerState state(long height) {
    Hash id = h("task");
    Payload.PublishTask terms =
        Payload.PublishTask.builder()
            .datasetId(h("data"))
            .specHash(h("spec"))
            .totalSteps(10)
            .checkpointInterval(5)
            .deadline(100)
            .build();
    Task t = new Task(PUBLISHER, terms, 1, 0, List.of(WINNER, LOSER), false, null).settle(WINNER);
    Map<Bytes, StateValue> m = new HashMap<>();
    m.put(StateKey.GLOBALS, new Globals(height, Hash.ZERO, 0, 0, 0, 0, 0, 0, List.of()));
    m.put(StateKey.PARAMS, Params.DEFAULT);
    m.put(StateKey.task(id), t);
    m.put(
        StateKey.enrollment(id, WINNER),
        Enrollment.enroll(1, 2, Hash.ZERO).commit(h("transcript"), h("model"), 9, 50, List.of()));
    m.put(
        StateKey.enrollment(id, LOSER),
        Enrollment.enroll(1, 2, Hash.ZERO).commit(h("t2"), h("loser"), 3, 50, List.of()));
    return LedgerState.of(m);
  }

  private static void put(ArtifactIndex index, Hash key, byte[] content) throws IOException {
    index.put(key.toArray(), new ByteArrayInputStream(content), 1024);
  }

  @Test
  void aSettledTasksArtifactsGoAfterTheWindowButTheOwnWinningModelStays(@TempDir Path dir)
      throws IOException {
    Storage s = Storage.open(dir, RetentionPolicy.DEFAULT);
    byte[] transcript = new byte[64];
    System.arraycopy(h("ckpt1").toArray(), 0, transcript, 0, 32);
    System.arraycopy(h("ckpt2").toArray(), 0, transcript, 32, 32);
    put(s.index(), h("transcript"), transcript);
    for (String k : new String[] {"data", "spec", "ckpt1", "ckpt2", "model", "loser", "t2"}) {
      put(s.index(), h(k), ("content of " + k).getBytes(StandardCharsets.UTF_8));
    }
    List<Hash> ids = List.of(h("task"));
    long closes = 100 + Params.DEFAULT.verificationWindow();

    RetentionPlan within = s.collect(state(closes), ids, PUBLISHER, false).plan();
    assertThat(within.deletable()).isEmpty();
    assertThat(within.bytesByKind().get(BlobKind.CHECKPOINT)).isPositive();
    assertThat(within.bytesByKind().get(BlobKind.OTHER)).isZero();

    Storage.Result after = s.collect(state(closes + 1), ids, PUBLISHER, false);
    assertThat(after.removed())
        .containsExactlyInAnyOrder(h("data"), h("spec"), h("ckpt1"), h("loser"), h("t2"));
    // the model and what serves it: the winner's transcript and final checkpoint
    assertThat(s.index().sizes().keySet())
        .containsExactlyInAnyOrder(h("model"), h("transcript"), h("ckpt2"));
    try (PinSet.Hold hold = s.pins().hold()) {
      assertThat(hold.pins()).containsExactly(h("model"));
      assertThat(hold.unpin(h("model"))).isTrue();
    }
    // unpinned by the operator: not pinned again, and collected
    assertThat(s.collect(state(closes + 2), ids, PUBLISHER, false).removed())
        .containsExactlyInAnyOrder(h("model"), h("transcript"), h("ckpt2"));
    assertThat(s.index().sizes()).isEmpty();
  }

  /** The transcript (leaves ckpt1, ckpt2), both checkpoints and the rest, all stored. */
  private static Storage stored(Path dir) throws IOException {
    Storage s = Storage.open(dir, RetentionPolicy.DEFAULT);
    byte[] transcript = new byte[64];
    System.arraycopy(h("ckpt1").toArray(), 0, transcript, 0, 32);
    System.arraycopy(h("ckpt2").toArray(), 0, transcript, 32, 32);
    put(s.index(), h("transcript"), transcript);
    for (String k : new String[] {"data", "spec", "ckpt1", "ckpt2", "loser", "t2"}) {
      put(s.index(), h(k), ("content of " + k).getBytes(StandardCharsets.UTF_8));
    }
    return s;
  }

  /**
   * {@code pot task model} fetches the winner's transcript and then the final checkpoint its last
   * leaf names (no blob is stored under the model hash): the winning miner, which keeps its own
   * model by default, and a node whose operator pinned the model hash keep both long after the
   * fraud-proof window, and let them go once unpinned.
   */
  @Test
  void theWinnersTranscriptAndFinalCheckpointStayAsLongAsTheModelIsKept(@TempDir Path dir)
      throws IOException {
    List<Hash> ids = List.of(h("task"));
    long later = 100 + Params.DEFAULT.verificationWindow() + 1_000;

    Storage miner = stored(dir.resolve("miner"));
    miner.collect(state(later), ids, WINNER, false);
    assertThat(miner.index().sizes().keySet())
        .containsExactlyInAnyOrder(h("transcript"), h("ckpt2"));
    assertThat(miner.index().file(h("ckpt2").toArray())).isPresent();

    Storage other = stored(dir.resolve("other"));
    Address someone = Address.of(fill(9));
    try (PinSet.Hold hold = other.pins().hold()) {
      hold.pin(h("model"));
    }
    RetentionPlan p = other.collect(state(later), ids, someone, false).plan();
    assertThat(other.index().sizes().keySet())
        .containsExactlyInAnyOrder(h("transcript"), h("ckpt2"));
    assertThat(p.pinnedBytes())
        .isEqualTo(other.index().sizes().values().stream().mapToLong(Long::longValue).sum());
    try (PinSet.Hold hold = other.pins().hold()) {
      hold.unpin(h("model"));
    }
    assertThat(other.collect(state(later + 1), ids, someone, false).removed())
        .containsExactlyInAnyOrder(h("transcript"), h("ckpt2"));
    assertThat(other.index().sizes()).isEmpty();
  }

  @Test
  void aNodeThatIsNeitherPublisherNorMinerKeepsNoModel(@TempDir Path dir) throws IOException {
    Storage s = Storage.open(dir, RetentionPolicy.DEFAULT);
    put(s.index(), h("model"), new byte[10]);
    long closes = 100 + Params.DEFAULT.verificationWindow();
    Address other = Address.of(fill(9));
    RetentionPlan p = s.collect(state(closes + 1), List.of(h("task")), other, true).plan();
    assertThat(p.deletable()).extracting(RetentionPlan.Verdict::key).containsExactly(h("model"));
    assertThat(s.index().sizes()).hasSize(1); // a dry run removes nothing
  }
}
