package network.pot.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import network.pot.consensus.ConsensusNode.Step;
import network.pot.consensus.crypto.Ed25519Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Case-by-case tests of the round rules: prevote, lock, unlock by a later polka, keep the lock
 * against an older one, nil quorums, round skips, timeouts with backoff, commit and certificate,
 * evidence, and restart from the vote log. Four validators of power 1 (quorum 3, one third + 2);
 * the proposer of (height 1, round r) is validator r mod 4.
 */
@org.junit.jupiter.api.Timeout(30)
class ConsensusNodeTest {
  @TempDir Path dir;

  private Harness node(int me) throws IOException {
    return new Harness(dir, me).start();
  }

  /** Brings {@code h} (not the proposer of round 0) to a lock on a block in round 0. */
  private static ConsensusBlock lockInRoundZero(Harness h) {
    ConsensusBlock a = h.block("A");
    h.deliver(h.proposal(0, -1, a, List.of()));
    h.votesFromOthers(VoteType.PREVOTE, 0, a.hash(), 2);
    return a;
  }

  /** Two validators other than {@code h.me} send a nil precommit in round {@code r}. */
  private static void twoPeersReach(Harness h, int r) {
    int given = 0;
    for (int v = 0; v < 4 && given < 2; v++) {
      if (v != h.me && v != h.node.proposer(r)) {
        h.deliver(h.vote(v, VoteType.PRECOMMIT, r, null));
        given++;
      }
    }
  }

  @Test
  void prevotesValidProposal() throws IOException {
    Harness h = node(1);
    ConsensusBlock a = h.block("A");
    h.deliver(h.proposal(0, -1, a, List.of()));
    assertThat(h.lastVote(VoteType.PREVOTE).blockHash()).isEqualTo(a.hash());
    assertThat(h.node.step()).isEqualTo(Step.PREVOTE);
  }

  @Test
  void prevotesNilForInvalidProposal() throws IOException {
    Harness h = node(1);
    h.deliver(h.proposal(0, -1, h.block("bad block"), List.of()));
    assertThat(h.lastVote(VoteType.PREVOTE).isNil()).isTrue();
  }

  @Test
  void prevotesNilWhenTheProposalTimesOut() throws IOException {
    Harness h = node(1);
    assertThat(h.lastVote(VoteType.PREVOTE)).isNull();
    h.fire(Timeout.Kind.PROPOSE);
    assertThat(h.lastVote(VoteType.PREVOTE).isNil()).isTrue();
  }

  @Test
  void ignoresProposalFromAnotherThanTheProposer() throws IOException {
    Harness h = node(1);
    ConsensusBlock a = h.block("A");
    h.deliver(Proposal.sign(Harness.CHAIN, h.signers.get(2), 0, -1, a, 2, List.of()));
    assertThat(h.rejected).containsExactly(Rejection.NOT_PROPOSER);
    assertThat(h.lastVote(VoteType.PREVOTE)).isNull();
  }

  @Test
  void locksAndPrecommitsOnPrevoteQuorum() throws IOException {
    Harness h = node(1);
    ConsensusBlock a = lockInRoundZero(h);
    assertThat(h.lastVote(VoteType.PRECOMMIT).blockHash()).isEqualTo(a.hash());
    assertThat(h.node.lockedRound()).isZero();
    assertThat(h.node.lockedValue()).isEqualTo(a);
    assertThat(h.node.validRound()).isZero();
  }

  @Test
  void precommitsNilOnNilPrevoteQuorum() throws IOException {
    Harness h = node(1);
    h.fire(Timeout.Kind.PROPOSE);
    h.votesFromOthers(VoteType.PREVOTE, 0, null, 2);
    assertThat(h.lastVote(VoteType.PRECOMMIT).isNil()).isTrue();
    assertThat(h.node.lockedRound()).isEqualTo(-1);
  }

  @Test
  void mixedPrevotesStartThePrevoteTimerWhichPrecommitsNil() throws IOException {
    Harness h = node(1);
    ConsensusBlock a = h.block("A");
    h.deliver(h.proposal(0, -1, a, List.of()));
    h.deliver(h.vote(2, VoteType.PREVOTE, 0, null));
    assertThat(h.timers).noneMatch(t -> t.kind() == Timeout.Kind.PREVOTE);
    h.deliver(h.vote(3, VoteType.PREVOTE, 0, null));
    assertThat(h.lastVote(VoteType.PRECOMMIT)).isNull();
    h.fire(Timeout.Kind.PREVOTE);
    assertThat(h.lastVote(VoteType.PRECOMMIT).isNil()).isTrue();
  }

  @Test
  void skipsToARoundWhereMoreThanAThirdOfThePowerIs() throws IOException {
    Harness h = node(1);
    h.deliver(h.vote(2, VoteType.PREVOTE, 6, null));
    assertThat(h.node.round()).isZero();
    h.deliver(h.vote(3, VoteType.PRECOMMIT, 6, null));
    assertThat(h.node.round()).isEqualTo(6);
    assertThat(h.node.step()).isEqualTo(Step.PROPOSE);
  }

  @Test
  void lockedNodePrevotesNilForAnotherFreshBlock() throws IOException {
    Harness h = node(1);
    ConsensusBlock a = lockInRoundZero(h);
    twoPeersReach(h, 2);
    assertThat(h.node.round()).isEqualTo(2);
    int before = h.sent.size();
    h.deliver(h.proposal(2, -1, h.block("B"), List.of()));
    assertThat(h.myVote(VoteType.PREVOTE, 2).isNil()).isTrue();
    assertThat(h.node.lockedValue()).isEqualTo(a);
    assertThat(h.sent.subList(before, h.sent.size()))
        .as("the lock is announced: its proposal and polka are re-sent")
        .anyMatch(m -> m instanceof Proposal p && p.block().equals(a) && p.round() == 0)
        .filteredOn(m -> m instanceof Vote v && v.round() == 0 && a.hash().equals(v.blockHash()))
        .hasSize(3);
  }

  @Test
  void lockedNodePrevotesItsLockedBlockAgain() throws IOException {
    Harness h = node(1);
    ConsensusBlock a = lockInRoundZero(h);
    twoPeersReach(h, 2);
    h.deliver(h.proposal(2, -1, a, List.of()));
    assertThat(h.lastVote(VoteType.PREVOTE).blockHash()).isEqualTo(a.hash());
  }

  @Test
  void laterPolkaUnlocks() throws IOException {
    Harness h = node(1);
    lockInRoundZero(h);
    ConsensusBlock b = h.block("B");
    List<Vote> polka =
        List.of(
            h.vote(0, VoteType.PREVOTE, 1, b.hash()),
            h.vote(2, VoteType.PREVOTE, 1, b.hash()),
            h.vote(3, VoteType.PREVOTE, 1, b.hash()));
    twoPeersReach(h, 2);
    h.deliver(h.proposal(2, 1, b, polka));
    assertThat(h.lastVote(VoteType.PREVOTE).blockHash()).isEqualTo(b.hash());
  }

  @Test
  void olderPolkaDoesNotUnlock() throws IOException {
    Harness h = node(3);
    twoPeersReach(h, 1);
    ConsensusBlock a = h.block("A");
    h.deliver(h.proposal(1, -1, a, List.of()));
    h.deliver(h.vote(1, VoteType.PREVOTE, 1, a.hash()));
    h.deliver(h.vote(2, VoteType.PREVOTE, 1, a.hash()));
    assertThat(h.node.lockedRound()).isEqualTo(1);

    ConsensusBlock b = h.block("B");
    List<Vote> polka =
        List.of(
            h.vote(0, VoteType.PREVOTE, 0, b.hash()),
            h.vote(1, VoteType.PREVOTE, 0, b.hash()),
            h.vote(2, VoteType.PREVOTE, 0, b.hash()));
    h.deliver(h.vote(0, VoteType.PRECOMMIT, 2, null));
    h.deliver(h.vote(1, VoteType.PRECOMMIT, 2, null));
    assertThat(h.node.round()).isEqualTo(2);
    h.deliver(h.proposal(2, 0, b, polka));
    assertThat(h.myVote(VoteType.PREVOTE, 2).isNil()).isTrue();
    assertThat(h.node.lockedValue()).isEqualTo(a);
  }

  @Test
  void polkaSeenAfterPrecommittingUpdatesValidRoundButNotTheLock() throws IOException {
    Harness h = node(1);
    ConsensusBlock a = h.block("A");
    h.fire(Timeout.Kind.PROPOSE);
    h.deliver(h.vote(2, VoteType.PREVOTE, 0, a.hash()));
    h.deliver(h.vote(3, VoteType.PREVOTE, 0, a.hash()));
    h.fire(Timeout.Kind.PREVOTE);
    assertThat(h.node.step()).isEqualTo(Step.PRECOMMIT);
    assertThat(h.lastVote(VoteType.PRECOMMIT).isNil()).isTrue();
    h.deliver(h.proposal(0, -1, a, List.of()));
    assertThat(h.node.validRound()).isEqualTo(-1);
    h.deliver(h.vote(0, VoteType.PREVOTE, 0, a.hash()));
    assertThat(h.node.validRound()).isZero();
    assertThat(h.node.lockedRound()).isEqualTo(-1);
  }

  @Test
  void proposerReproposesItsValidBlockWithThePolka() throws IOException {
    Harness h = node(1);
    ConsensusBlock a = lockInRoundZero(h);
    h.votesFromOthers(VoteType.PRECOMMIT, 0, null, 2);
    h.fire(Timeout.Kind.PRECOMMIT);
    assertThat(h.node.round()).isEqualTo(1);
    Proposal p = h.lastProposal();
    assertThat(p.round()).isEqualTo(1);
    assertThat(p.validRound()).isZero();
    assertThat(p.block()).isEqualTo(a);
    assertThat(p.polka()).hasSize(3).allMatch(v -> v.verify(Harness.CHAIN, h.set, verifier()));
  }

  @Test
  void anUnlockedProposerReproposesTheLatestPolkaItLearned() throws IOException {
    Harness h = node(1);
    twoPeersReach(h, 4);
    assertThat(h.node.round()).isEqualTo(4);
    ConsensusBlock a = h.block("A");
    h.deliver(h.proposal(0, -1, a, List.of()));
    h.votesFromOthers(VoteType.PREVOTE, 0, a.hash(), 3);
    assertThat(h.node.lockedRound()).as("a polka of a past round does not lock").isEqualTo(-1);
    h.fire(Timeout.Kind.PROPOSE);
    h.deliver(h.vote(2, VoteType.PREVOTE, 4, null));
    h.deliver(h.vote(3, VoteType.PREVOTE, 4, null));
    h.fire(Timeout.Kind.PRECOMMIT);
    assertThat(h.node.round()).isEqualTo(5);
    Proposal p = h.lastProposal();
    assertThat(p.round()).isEqualTo(5);
    assertThat(p.block()).isEqualTo(a);
    assertThat(p.validRound()).isZero();
    assertThat(p.polka()).hasSize(3);
  }

  @Test
  void timeoutsGrowWithTheRound() throws IOException {
    Harness h = node(1);
    long round0 = h.lastDelay(Timeout.Kind.PROPOSE);
    h.fire(Timeout.Kind.PROPOSE);
    h.votesFromOthers(VoteType.PREVOTE, 0, null, 2);
    h.votesFromOthers(VoteType.PRECOMMIT, 0, null, 2);
    h.fire(Timeout.Kind.PRECOMMIT);
    assertThat(h.node.round()).isEqualTo(1);
    assertThat(h.lastDelay(Timeout.Kind.PROPOSE)).isGreaterThan(round0);
    assertThat(h.config.timeoutMs(Timeout.Kind.PROPOSE, 100))
        .isEqualTo(h.config.proposeTimeoutMs() * h.config.maxTimeoutFactor());
  }

  @Test
  void precommitQuorumCommitsAndTheNextBlockCarriesTheCertificate() throws IOException {
    Harness h = node(1);
    ConsensusBlock a = lockInRoundZero(h);
    h.deliver(h.vote(0, VoteType.PRECOMMIT, 0, a.hash()));
    assertThat(h.node.height()).isEqualTo(1);
    h.deliver(h.vote(2, VoteType.PRECOMMIT, 0, a.hash()));
    assertThat(h.node.height()).isEqualTo(2);
    assertThat(h.store.block(1)).contains(a);
    Proposal next = h.lastProposal();
    assertThat(next.height()).isEqualTo(2);
    CommitCertificate cert = next.block().lastCommit();
    assertThat(cert.verify(Harness.CHAIN, 1, a.hash(), h.set, verifier()))
        .isEqualTo(CommitCertificate.Check.OK);
    assertThat(cert.precommits()).extracting(Vote::validator).containsExactly(0, 1, 2);
  }

  @Test
  void doubleVoteBecomesEvidenceThatTheNextProposalCarries() throws IOException {
    Harness h = node(1);
    ConsensusBlock a = h.block("A");
    ConsensusBlock b = h.block("B");
    h.deliver(h.vote(2, VoteType.PREVOTE, 0, a.hash()));
    h.deliver(h.vote(2, VoteType.PREVOTE, 0, b.hash()));
    assertThat(h.evidence).hasSize(1);
    Evidence e = h.evidence.get(0);
    assertThat(e.validator()).isEqualTo(2);
    assertThat(e.verify(Harness.CHAIN, h.set, verifier())).isTrue();
    twoPeersReach(h, 1);
    assertThat(h.node.round()).isEqualTo(1);
    assertThat(h.lastProposal().block().evidence()).containsExactly(e);
  }

  @Test
  void restartResendsTheLoggedVoteInsteadOfSigningAnother() throws IOException {
    Harness h = node(1);
    ConsensusBlock a = h.block("A");
    h.deliver(h.proposal(0, -1, a, List.of()));
    Vote before = h.lastVote(VoteType.PREVOTE);
    h.restart();
    assertThat(h.node.step()).isEqualTo(Step.PROPOSE);
    h.fire(Timeout.Kind.PROPOSE);
    Vote after = h.lastVote(VoteType.PREVOTE);
    assertThat(after.blockHash()).isEqualTo(a.hash());
    assertThat(after.signature()).isEqualTo(before.signature());
  }

  @Test
  void restartKeepsTheLock() throws IOException {
    Harness h = node(1);
    ConsensusBlock a = lockInRoundZero(h);
    h.restart();
    assertThat(h.node.lockedRound()).isZero();
    assertThat(h.node.lockedValue()).isEqualTo(a);
    twoPeersReach(h, 2);
    h.deliver(h.proposal(2, -1, h.block("B"), List.of()));
    assertThat(h.myVote(VoteType.PREVOTE, 2).isNil()).isTrue();
  }

  @Test
  void badInputIsRejectedWithoutChangingState() throws IOException {
    Harness h = node(1);
    h.node.onMessage(2, new byte[] {9, 9, 9});
    h.node.onMessage(2, new byte[h.config.maxMessageBytes() + 1]);
    Vote good = h.vote(2, VoteType.PREVOTE, 0, null);
    byte[] sig = good.signature();
    sig[0] ^= 1;
    h.deliver(new Vote(VoteType.PREVOTE, 1, 0, null, 2, sig));
    h.deliver(new Vote(VoteType.PREVOTE, 1, 0, null, 9, good.signature()));
    h.deliver(h.vote(2, VoteType.PREVOTE, 0, null));
    h.deliver(h.vote(2, VoteType.PREVOTE, 0, null));
    assertThat(h.rejected)
        .containsExactly(
            Rejection.MALFORMED,
            Rejection.OVERSIZE,
            Rejection.BAD_SIGNATURE,
            Rejection.UNKNOWN_VALIDATOR,
            Rejection.DUPLICATE);
    assertThat(h.node.step()).isEqualTo(Step.PROPOSE);
    assertThat(h.lastVote(VoteType.PREVOTE)).isNull();
  }

  @Test
  void syncResponseWithAValidCertificateCommits() throws IOException {
    Harness h = node(1);
    ConsensusBlock a = h.block("A");
    List<Vote> two =
        List.of(
            h.vote(0, VoteType.PRECOMMIT, 3, a.hash()), h.vote(2, VoteType.PRECOMMIT, 3, a.hash()));
    h.deliver(new SyncResponse(a, new CommitCertificate(1, 3, a.hash(), two)));
    assertThat(h.rejected).containsExactly(Rejection.BAD_CERTIFICATE);
    assertThat(h.node.height()).isEqualTo(1);

    List<Vote> three =
        List.of(
            h.vote(0, VoteType.PRECOMMIT, 3, a.hash()),
            h.vote(2, VoteType.PRECOMMIT, 3, a.hash()),
            h.vote(3, VoteType.PRECOMMIT, 3, a.hash()));
    h.deliver(new SyncResponse(a, new CommitCertificate(1, 3, a.hash(), three)));
    assertThat(h.node.height()).isEqualTo(2);
    assertThat(h.store.block(1)).contains(a);
  }

  @Test
  void aBlockThisNodeCannotJudgeYetGetsNoPrevoteButCommitsWithACertificate() throws IOException {
    Harness h = node(1);
    ConsensusBlock a = h.block("later A");
    h.deliver(h.proposal(0, -1, a, List.of()));
    assertThat(h.lastVote(VoteType.PREVOTE).isNil()).isTrue();
    List<Vote> three =
        List.of(
            h.vote(0, VoteType.PRECOMMIT, 3, a.hash()),
            h.vote(2, VoteType.PRECOMMIT, 3, a.hash()),
            h.vote(3, VoteType.PRECOMMIT, 3, a.hash()));
    h.deliver(new SyncResponse(a, new CommitCertificate(1, 3, a.hash(), three)));
    assertThat(h.rejected).as("the peer did nothing wrong").isEmpty();
    assertThat(h.node.height()).isEqualTo(2);
    assertThat(h.store.block(1)).contains(a);
  }

  @Test
  void aPrecommitQuorumCommitsABlockThisNodeCannotJudgeYet() throws IOException {
    Harness h = node(1);
    ConsensusBlock a = h.block("later A");
    h.deliver(h.proposal(0, -1, a, List.of()));
    for (int v : List.of(0, 2, 3)) {
      h.deliver(h.vote(v, VoteType.PRECOMMIT, 0, a.hash()));
    }
    assertThat(h.node.height()).isEqualTo(2);
    assertThat(h.store.block(1)).contains(a);
  }

  @Test
  void anUndecidedBlockIsJudgedAgainButNotOnEveryMessage() throws IOException {
    Harness h = node(1);
    ConsensusBlock a = h.block("later A");
    h.deliver(h.proposal(0, -1, a, List.of()));
    int judged = h.judged;
    h.deliver(h.vote(0, VoteType.PREVOTE, 0, a.hash()));
    h.deliver(h.vote(2, VoteType.PREVOTE, 0, a.hash()));
    assertThat(h.judged).as("not judged again within the interval").isEqualTo(judged);
    assertThat(h.node.lockedValue()).isNull();
    // the inputs arrive; the next message after the interval finds the block valid and locks it
    h.laterDecidable = true;
    h.now += ConsensusNode.REJUDGE_UNDECIDED_MS;
    h.deliver(h.vote(3, VoteType.PREVOTE, 0, a.hash()));
    assertThat(h.node.lockedValue()).isEqualTo(a);
    assertThat(h.myVote(VoteType.PRECOMMIT, 0).blockHash()).isEqualTo(a.hash());
  }

  @Test
  void futureHeightMessagesWaitForTheirHeight() throws IOException {
    Harness h = node(1);
    ConsensusBlock a = lockInRoundZero(h);
    Vote early = Vote.sign(Harness.CHAIN, h.signers.get(3), VoteType.PREVOTE, 2, 4, null, 3);
    Vote early2 = Vote.sign(Harness.CHAIN, h.signers.get(2), VoteType.PREVOTE, 2, 4, null, 2);
    h.deliver(early);
    h.deliver(early2);
    assertThat(h.node.round()).isZero();
    h.votesFromOthers(VoteType.PRECOMMIT, 0, a.hash(), 2);
    assertThat(h.node.height()).isEqualTo(2);
    assertThat(h.node.round()).isEqualTo(4);
  }

  @Test
  void theValidatorSetChangesOnlyAtTheEpochBoundary() throws IOException {
    Harness h = new Harness(dir, 1, 2);
    List<ConsensusValidator> next = new java.util.ArrayList<>();
    for (int v : new int[] {0, 1, 2, 4}) {
      next.add(new ConsensusValidator(h.signers.get(v).publicKey(), v == 4 ? 3 : 1));
    }
    ValidatorSet epoch1 = new ValidatorSet(next);
    h.laterEpochs.put(1L, epoch1);
    h.start();
    for (long height = 1; height <= 2; height++) {
      assertThat(h.node.validators()).isSameAs(h.set);
      ConsensusBlock b;
      if (h.node.proposer(0) == h.me) {
        b = h.lastProposal().block();
      } else {
        b = h.block("at " + height);
        h.deliver(h.proposal(0, -1, b, List.of()));
      }
      h.votesFromOthers(VoteType.PREVOTE, 0, b.hash(), 2);
      h.votesFromOthers(VoteType.PRECOMMIT, 0, b.hash(), 2);
    }
    assertThat(h.node.height()).isEqualTo(3);
    assertThat(h.node.validators()).isSameAs(epoch1);
    assertThat(h.node.proposer(0)).as("the heaviest new validator proposes first").isEqualTo(3);
    h.rejected.clear();
    h.deliver(Vote.sign(Harness.CHAIN, h.signers.get(3), VoteType.PREVOTE, 3, 0, null, 3));
    assertThat(h.rejected).containsExactly(Rejection.BAD_SIGNATURE);
    Vote fromNewMember =
        Vote.sign(Harness.CHAIN, h.signers.get(4), VoteType.PREVOTE, 3, 0, null, 3);
    h.deliver(fromNewMember);
    assertThat(h.rejected).hasSize(1);
  }

  private static network.pot.consensus.crypto.SignatureVerifier verifier() {
    return Ed25519Keys.verifier();
  }
}
