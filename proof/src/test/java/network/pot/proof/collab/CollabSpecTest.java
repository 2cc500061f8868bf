package network.pot.proof.collab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The collaborative task's canonical JSON, its id and its bounds. */
class CollabSpecTest {
  static final CollabSpec SPEC = CollabFixture.spec(8, 2, 1, 4, 3);

  @Test
  void theCanonicalTextParsesBackToTheSameTaskAndId() {
    CollabSpec back = CollabSpec.parse(SPEC.canonicalJson());
    assertThat(back).isEqualTo(SPEC);
    assertThat(back.taskId()).isEqualTo(SPEC.taskId());
    assertThat(SPEC.canonicalJson())
        .startsWith("{\"inner\":{")
        .contains("\"kind\":\"collaborative\",\"miners\":3")
        .contains("\"outer\":{\"lr\":0.7,\"momentum\":0.9,\"type\":\"nesterov\"}")
        .endsWith("\"quorum\":1,\"rounds\":4,\"version\":1}");
    assertThat(SPEC.toBuilder().rounds(5).build().taskId()).isNotEqualTo(SPEC.taskId());
    assertThat(SPEC.taskId()).isNotEqualTo(SPEC.inner().taskId());
  }

  @Test
  void badTasksAreRefusedNamingWhatIsWrong() {
    String json = SPEC.canonicalJson();
    assertThatThrownBy(() -> CollabSpec.parse(json.replace("\"quorum\":1", "\"quorum\":4")))
        .hasMessageContaining("quorum");
    assertThatThrownBy(() -> CollabSpec.parse(json.replace("\"rounds\":4", "\"rounds\":0")))
        .hasMessageContaining("rounds");
    assertThatThrownBy(() -> CollabSpec.parse(json.replace("\"lr\":0.7", "\"lr\":0")))
        .hasMessageContaining("lr");
    assertThatThrownBy(
            () ->
                CollabSpec.parse(
                    json.replace(
                        "\"momentum\":0.9,\"type\":\"nesterov\"",
                        "\"momentum\":1,\"type\":\"nesterov\"")))
        .hasMessageContaining("momentum");
    assertThatThrownBy(() -> CollabSpec.parse(json.replace("collaborative", "competitive")))
        .hasMessageContaining("kind");
    assertThatThrownBy(
            () -> CollabSpec.parse(json.replace("\"version\":1}", "\"version\":1,\"x\":1}")))
        .hasMessageContaining("unknown field 'x'");
    assertThatThrownBy(() -> CollabSpec.parse("[]")).hasMessageContaining("JSON object");
  }
}
