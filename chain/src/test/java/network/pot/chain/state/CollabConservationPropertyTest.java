package network.pot.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;

/**
 * Whatever the miners do in each round (commit or not, accepted or rejected) and whatever the
 * quorum, a collaborative task conserves money: the supply audit balances after every block (see
 * {@link TestChain}), the escrow and every bond end at zero, and what the publisher, the data
 * provider, the miners and the treasury hold plus the fees they paid never changes (the escrow only
 * moves among them). jqwik prints the seed and the shrunk sample of a failure.
 */
class CollabConservationPropertyTest {
  /** A miner's part in one round: 0 stays away, 1 commits and is accepted, 2 is rejected. */
  @Property(tries = 40)
  void everyUnitOfTheEscrowAndEveryBondEndsSomewhereAccounted(
      @ForAll @Size(9) List<@IntRange(min = 0, max = 2) Integer> parts,
      @ForAll @IntRange(min = 1, max = 3) int quorum)
      throws Exception {
    CollabTasksTest f = new CollabTasksTest();
    TestChain c = f.chain();
    List<KeyPair> parties = new ArrayList<>(f.miners);
    parties.add(f.publisher);
    parties.add(f.provider);
    long before = held(c, parties);
    var id = f.publishAndEnroll(c, f.terms(c.state.height() + 3).quorum(quorum));
    for (int round = 0; round < 3; round++) {
      List<KeyPair> commit = new ArrayList<>();
      List<KeyPair> reject = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        KeyPair m = f.miners.get(i);
        int part = parts.get(3 * round + i);
        boolean inTask =
            c.state.enrollment(id, Address.of(m)).status() == Enrollment.Status.ENROLLED;
        if (inTask && part > 0) {
          commit.add(m);
          if (part == 2) {
            reject.add(m);
          }
        }
      }
      f.playRound(c, id, round, commit, reject);
      assertThat(f.close(c, id, round)).isEqualTo(Outcome.OK);
      assertThat(held(c, parties)).as("after round %d", round).isEqualTo(before);
    }
    CollabTask t = c.state.collabTask(id);
    assertThat(t.settled()).isTrue();
    assertThat(t.escrow()).isZero();
    for (KeyPair m : f.miners) {
      assertThat(c.state.enrollment(id, Address.of(m)).bond()).isZero();
    }
  }

  /**
   * Balances plus fees paid (one per accepted transaction: the nonce), the treasury, escrows and
   * bonds.
   */
  private static long held(TestChain c, List<KeyPair> parties) {
    long sum = c.state.globals().treasury();
    for (KeyPair k : parties) {
      Account a = c.state.account(Address.of(k));
      sum = Math.addExact(sum, Math.addExact(a.balance(), a.nonce() * TestChain.FEE));
    }
    // the escrow and the bonds are the parties' too until they are paid out
    return Math.addExact(sum, SupplyAudit.of(c.state).escrow());
  }
}
