package network.pot.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import network.pot.base.crypto.Hash;
import network.pot.node.storage.RetentionPlan.Reason;
import network.pot.node.storage.RetentionPlan.Stored;
import org.junit.jupiter.api.Test;

class RetentionPlanTest {
  private static Hash h(String s) {
    return Hash.sha256(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A task named {@code n} whose window closes at 100; settled when {@code settled}. */
  private static ChainFacts.TaskFacts task(String n, boolean settled, boolean own) {
    return new ChainFacts.TaskFacts(
        h(n),
        h(n + "/data"),
        h(n + "/spec"),
        100,
        settled,
        own,
        Set.of(h(n + "/transcript")),
        Set.of(h(n + "/ckpt")),
        Set.of(h(n + "/model"), h(n + "/loser")),
        settled
            ? new ChainFacts.Winner(h(n + "/model"), h(n + "/transcript"), h(n + "/ckpt"))
            : null);
  }

  private static List<Stored> all(String n) {
    return List.of(
        new Stored(h(n + "/data"), 1000),
        new Stored(h(n + "/spec"), 10),
        new Stored(h(n + "/transcript"), 20),
        new Stored(h(n + "/ckpt"), 300),
        new Stored(h(n + "/model"), 400),
        new Stored(h(n + "/loser"), 500));
  }

  private static Reason reason(RetentionPlan p, Hash key) {
    return p.verdicts().stream()
        .filter(v -> v.key().equals(key))
        .findFirst()
        .orElseThrow()
        .reason();
  }

  @Test
  void anOpenTaskKeepsEverythingItNames() {
    RetentionPlan p =
        RetentionPlan.of(
            new ChainFacts(50, List.of(task("a", false, false))),
            all("a"),
            Set.of(),
            RetentionPolicy.DEFAULT);
    assertThat(p.deletable()).isEmpty();
    assertThat(p.reclaimableBytes()).isZero();
    assertThat(p.bytesByKind())
        .containsEntry(BlobKind.DATASET, 1000L)
        .containsEntry(BlobKind.CHECKPOINT, 300L)
        .containsEntry(BlobKind.MODEL, 900L)
        .containsEntry(BlobKind.OTHER, 0L);
  }

  @Test
  void aSettledTaskKeepsItsArtifactsUntilTheFraudWindowHasClosed() {
    ChainFacts within = new ChainFacts(100, List.of(task("a", true, false)));
    assertThat(RetentionPlan.of(within, all("a"), Set.of(), RetentionPolicy.DEFAULT).deletable())
        .isEmpty();
    ChainFacts after = new ChainFacts(101, List.of(task("a", true, false)));
    RetentionPlan p = RetentionPlan.of(after, all("a"), Set.of(), RetentionPolicy.DEFAULT);
    assertThat(p.deletable()).hasSize(6);
    assertThat(p.reclaimableBytes()).isEqualTo(2230);
    RetentionPolicy margin = new RetentionPolicy(Map.of(), true, 5);
    assertThat(RetentionPlan.of(after, all("a"), Set.of(), margin).deletable()).isEmpty();
  }

  @Test
  void theWinningModelOfOwnTasksAndPinnedBlobsStay() {
    ChainFacts after = new ChainFacts(500, List.of(task("a", true, true)));
    RetentionPlan p =
        RetentionPlan.of(after, all("a"), Set.of(h("a/data")), RetentionPolicy.DEFAULT);
    assertThat(reason(p, h("a/model"))).isEqualTo(Reason.OWN_MODEL);
    assertThat(reason(p, h("a/data"))).isEqualTo(Reason.PINNED);
    assertThat(reason(p, h("a/transcript"))).isEqualTo(Reason.OWN_MODEL);
    assertThat(reason(p, h("a/ckpt"))).isEqualTo(Reason.OWN_MODEL);
    assertThat(reason(p, h("a/loser"))).isEqualTo(Reason.DELETABLE);
    assertThat(p.pinnedBytes()).isEqualTo(1720);
    RetentionPolicy noOwnPins = new RetentionPolicy(Map.of(), false, 0);
    assertThat(reason(RetentionPlan.of(after, all("a"), Set.of(), noOwnPins), h("a/model")))
        .isEqualTo(Reason.DELETABLE);
  }

  @Test
  void aPinnedOrKeptForeverWinningModelKeepsItsTranscriptAndFinalCheckpoint() {
    ChainFacts after = new ChainFacts(500, List.of(task("a", true, false)));
    RetentionPlan pinned =
        RetentionPlan.of(after, all("a"), Set.of(h("a/model")), RetentionPolicy.DEFAULT);
    assertThat(reason(pinned, h("a/transcript"))).isEqualTo(Reason.PINNED);
    assertThat(reason(pinned, h("a/ckpt"))).isEqualTo(Reason.PINNED);
    assertThat(reason(pinned, h("a/spec"))).isEqualTo(Reason.DELETABLE);
    RetentionPolicy models =
        new RetentionPolicy(Map.of(BlobKind.MODEL, RetentionPolicy.Keep.FOREVER), true, 0);
    RetentionPlan forever = RetentionPlan.of(after, all("a"), Set.of(), models);
    assertThat(reason(forever, h("a/transcript"))).isEqualTo(Reason.POLICY);
    assertThat(reason(forever, h("a/ckpt"))).isEqualTo(Reason.POLICY);
    assertThat(reason(forever, h("a/loser"))).isEqualTo(Reason.POLICY);
    assertThat(forever.deletable())
        .extracting(RetentionPlan.Verdict::key)
        .containsExactlyInAnyOrder(h("a/data"), h("a/spec"));
  }

  @Test
  void theBundleOfADatasetTheConfigListsStaysAfterEveryTaskUsingItClosed() {
    ChainFacts after = new ChainFacts(500, List.of(task("a", true, false)));
    RetentionPlan p =
        RetentionPlan.of(after, all("a"), Set.of(), RetentionPolicy.DEFAULT, Set.of(h("a/data")));
    assertThat(reason(p, h("a/data"))).isEqualTo(Reason.CONFIGURED);
    assertThat(p.deletable()).extracting(RetentionPlan.Verdict::key).doesNotContain(h("a/data"));
  }

  @Test
  void aDatasetStaysWhileAnyTaskUsingItIsInItsWindow() {
    ChainFacts.TaskFacts old = task("a", true, false);
    ChainFacts.TaskFacts reuse =
        new ChainFacts.TaskFacts(
            h("b"),
            old.dataset(),
            h("b/spec"),
            900,
            false,
            false,
            Set.of(),
            Set.of(),
            Set.of(),
            null);
    RetentionPlan p =
        RetentionPlan.of(
            new ChainFacts(500, List.of(old, reuse)), all("a"), Set.of(), RetentionPolicy.DEFAULT);
    assertThat(reason(p, h("a/data"))).isEqualTo(Reason.TASK_WINDOW);
    assertThat(reason(p, h("a/ckpt"))).isEqualTo(Reason.DELETABLE);
  }

  @Test
  void unknownBlobsAreKeptByDefaultAndKindsCanBeKeptForever() {
    List<Stored> stray = List.of(new Stored(h("stray"), 7));
    ChainFacts none = new ChainFacts(1, List.of());
    RetentionPlan p = RetentionPlan.of(none, stray, Set.of(), RetentionPolicy.DEFAULT);
    assertThat(p.verdicts().get(0).kind()).isEqualTo(BlobKind.OTHER);
    assertThat(p.verdicts().get(0).reason()).isEqualTo(Reason.POLICY);
    RetentionPolicy dropOther =
        new RetentionPolicy(Map.of(BlobKind.OTHER, RetentionPolicy.Keep.NEEDED), true, 0);
    assertThat(RetentionPlan.of(none, stray, Set.of(), dropOther).reclaimableBytes()).isEqualTo(7);
    RetentionPolicy keepCheckpoints =
        new RetentionPolicy(Map.of(BlobKind.CHECKPOINT, RetentionPolicy.Keep.FOREVER), true, 0);
    ChainFacts after = new ChainFacts(500, List.of(task("a", true, false)));
    assertThat(reason(RetentionPlan.of(after, all("a"), Set.of(), keepCheckpoints), h("a/ckpt")))
        .isEqualTo(Reason.POLICY);
  }
}
