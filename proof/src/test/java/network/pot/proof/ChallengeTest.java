package network.pot.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import network.pot.base.codec.LittleEndian;
import network.pot.base.crypto.Challenge;
import network.pot.base.crypto.Sha256;
import org.junit.jupiter.api.Test;

class ChallengeTest {
  static byte[] r(int i) {
    return Sha256.tagged("randomness", LittleEndian.u32(i));
  }

  @Test
  void alwaysFirstAndLastPlusQDistinctMiddleSegments() {
    for (int i = 0; i < 200; i++) {
      List<Integer> s = Challenge.segments(r(i), Fixture.id("v"), 200, 4);
      assertThat(s).hasSize(6).contains(0, 199).isSorted().doesNotHaveDuplicates();
      assertThat(s).allMatch(x -> x >= 0 && x < 200);
    }
  }

  @Test
  void deterministicAndDifferentPerVerifierAndRandomness() {
    List<Integer> a = Challenge.segments(r(1), Fixture.id("v1"), 1000, 8);
    assertThat(Challenge.segments(r(1), Fixture.id("v1"), 1000, 8)).isEqualTo(a);
    assertThat(Challenge.segments(r(1), Fixture.id("v2"), 1000, 8)).isNotEqualTo(a);
    assertThat(Challenge.segments(r(2), Fixture.id("v1"), 1000, 8)).isNotEqualTo(a);
  }

  @Test
  void smallTranscriptsAreCheckedWhole() {
    assertThat(Challenge.segments(r(0), Fixture.id("v"), 1, 4)).containsExactly(0);
    assertThat(Challenge.segments(r(0), Fixture.id("v"), 2, 4)).containsExactly(0, 1);
    assertThat(Challenge.segments(r(0), Fixture.id("v"), 6, 4)).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(Challenge.segments(r(0), Fixture.id("v"), 6, 0)).containsExactly(0, 5);
  }

  @Test
  void middleSegmentsAreDrawnUniformly() {
    int n = 12;
    int[] counts = new int[n];
    int trials = 6000;
    for (int i = 0; i < trials; i++) {
      for (int s : Challenge.segments(r(i), Fixture.id("v"), n, 1)) {
        counts[s]++;
      }
    }
    double expected = trials / 10.0;
    for (int s = 1; s < n - 1; s++) {
      // 5 standard deviations of a binomial(6000, 0.1)
      assertThat(Math.abs(counts[s] - expected)).as("segment %d", s).isLessThan(5 * 23.3);
    }
  }

  @Test
  void badArgumentsAreRefused() {
    assertThatThrownBy(() -> Challenge.segments(new byte[31], Fixture.id("v"), 10, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> Challenge.segments(r(0), Fixture.id("v"), 0, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
