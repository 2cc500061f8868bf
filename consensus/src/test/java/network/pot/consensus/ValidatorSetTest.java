package network.pot.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidatorSetTest {
  private static ValidatorSet set(long... powers) {
    List<ConsensusValidator> vs = new ArrayList<>();
    for (int i = 0; i < powers.length; i++) {
      vs.add(new ConsensusValidator(new byte[] {(byte) i, 1}, powers[i]));
    }
    return new ValidatorSet(vs);
  }

  @Test
  void quorumIsStrictlyMoreThanTwoThirds() {
    ValidatorSet s = set(1, 1, 1);
    assertThat(s.isQuorum(2)).isFalse();
    assertThat(s.isQuorum(3)).isTrue();
    assertThat(s.exceedsOneThird(1)).isFalse();
    assertThat(s.exceedsOneThird(2)).isTrue();
    ValidatorSet w = set(5, 1, 1, 1, 1, 1);
    assertThat(w.totalPower()).isEqualTo(10);
    assertThat(w.isQuorum(6)).isFalse();
    assertThat(w.isQuorum(7)).isTrue();
  }

  @Test
  void aMemberWithoutPowerKeepsItsIndexAndKeyButCountsForNothing() {
    ValidatorSet s = set(3, 1, 1, 1).withoutPower(List.of(0));
    assertThat(s.size()).isEqualTo(4);
    assertThat(s.indexOf(new byte[] {0, 1})).isZero();
    assertThat(s.power(0)).isZero();
    assertThat(s.hasPower(0)).isFalse();
    assertThat(s.hasPower(1)).isTrue();
    assertThat(s.totalPower()).isEqualTo(3);
    assertThat(s.isQuorum(3)).isTrue();
    assertThatThrownBy(() -> s.withoutPower(List.of(1, 2, 3)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsBadSets() {
    assertThatThrownBy(() -> new ValidatorSet(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ConsensusValidator(new byte[] {1}, 0))
        .isInstanceOf(IllegalArgumentException.class);
    List<ConsensusValidator> dup =
        List.of(
            new ConsensusValidator(new byte[] {1}, 1), new ConsensusValidator(new byte[] {1}, 2));
    assertThatThrownBy(() -> new ValidatorSet(dup)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> set(Long.MAX_VALUE / 4, 1)).isInstanceOf(RuntimeException.class);
  }

  @Test
  void rotationFollowsPowerAndStartsAtTheHeaviest() {
    ValidatorSet s = set(1, 3, 6);
    ProposerRotation r = new ProposerRotation(s);
    int[] count = new int[3];
    for (int step = 0; step < 1000; step++) {
      count[r.proposerAt(step)]++;
    }
    assertThat(count).containsExactly(100, 300, 600);
    assertThat(r.proposerAt(0)).isEqualTo(2);
  }

  @Test
  void rotationIsAPureFunctionOfTheSetAndStep() {
    ValidatorSet s = set(7, 2, 9, 4);
    ProposerRotation a = new ProposerRotation(s);
    ProposerRotation b = new ProposerRotation(s);
    a.proposerAt(500);
    for (int step = 0; step < 600; step++) {
      assertThat(b.proposerAt(step)).isEqualTo(a.proposerAt(step));
    }
  }

  @Test
  void equalPowersRotateRoundRobin() {
    ProposerRotation r = new ProposerRotation(set(1, 1, 1, 1));
    for (int step = 0; step < 12; step++) {
      assertThat(r.proposerAt(step)).isEqualTo(step % 4);
    }
  }
}
