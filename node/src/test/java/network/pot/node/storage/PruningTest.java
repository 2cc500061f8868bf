package network.pot.node.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import network.pot.node.storage.Pruning.Mode;
import org.junit.jupiter.api.Test;

/** Which heights each pruning mode keeps, and that none goes below what the protocol needs. */
class PruningTest {
  private static final long NONE = Long.MAX_VALUE;

  @Test
  void anArchiveKeepsEverything() {
    assertThat(new Pruning(Mode.NOTHING, 10).keepFrom(1_000_000, 100, NONE, NONE)).isEqualTo(1);
  }

  @Test
  void theDefaultKeepsTheRecentBlocksOrWhatTheProtocolNeedsWhicheverIsMore() {
    Pruning p = new Pruning(Mode.DEFAULT, 1_000);
    assertThat(p.keepFrom(10_000, 100, NONE, NONE)).isEqualTo(9_000);
    assertThat(p.keepFrom(10_000, 5_000, NONE, NONE)).as("evidence age").isEqualTo(5_000);
    assertThat(p.keepFrom(10_000, 100, 8_000, NONE)).as("a snapshot offered").isEqualTo(8_000);
    assertThat(p.keepFrom(10_000, 100, NONE, 7_000)).as("an open task").isEqualTo(7_000);
    assertThat(p.keepFrom(500, 100, NONE, NONE)).as("a young chain").isEqualTo(1);
  }

  @Test
  void everythingKeepsOnlyWhatTheProtocolNeeds() {
    Pruning p = new Pruning(Mode.EVERYTHING, 1_000);
    assertThat(p.keepFrom(10_000, 100, NONE, NONE)).isEqualTo(9_900);
    assertThat(p.keepFrom(10_000, 100, 9_000, 9_500)).isEqualTo(9_000);
    assertThat(p.keepFrom(10_000, 100, 9_990, 9_500)).isEqualTo(9_500);
    assertThat(p.keepFrom(50, 100, NONE, NONE)).isEqualTo(1);
    assertThat(p.keepFrom(0, 100, NONE, NONE)).isEqualTo(1);
  }

  @Test
  void modesParseByTheirNamesOnly() {
    assertThat(Mode.parse("storage.pruning", "everything")).isEqualTo(Mode.EVERYTHING);
    assertThatThrownBy(() -> Mode.parse("storage.pruning", "some"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("storage.pruning")
        .hasMessageContaining("\"some\"");
    assertThatThrownBy(() -> new Pruning(Mode.DEFAULT, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
