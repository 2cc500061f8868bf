package network.pot.consensus;

import java.util.LinkedHashMap;
import java.util.Map;
import network.pot.base.crypto.Hash;

/** What a node has seen in one round of the current height. */
final class RoundState {
  /** A proposer that equivocates cannot make a node store more than this many proposals. */
  static final int MAX_PROPOSALS = 4;

  final VoteTally prevotes;
  final VoteTally precommits;
  private final ValidatorSet set;
  private final boolean[] seen;
  private long seenPower;

  /** The first valid-signed proposal: the one this node prevotes on. */
  Proposal proposal;

  /** Every validly signed proposal of this round by block hash (more than one: equivocation). */
  final Map<Hash, Proposal> proposals = new LinkedHashMap<>();

  boolean lockRuleDone;
  boolean prevoteTimerSet;
  boolean precommitTimerSet;

  RoundState(ValidatorSet set) {
    this.set = set;
    this.prevotes = new VoteTally(set);
    this.precommits = new VoteTally(set);
    this.seen = new boolean[set.size()];
  }

  /** Records that {@code validator} sent something in this round. */
  void markSeen(int validator) {
    if (!seen[validator]) {
      seen[validator] = true;
      seenPower += set.power(validator);
    }
  }

  /** True when validators with more than 1/3 of the power sent something in this round. */
  boolean seenByOneThird() {
    return set.exceedsOneThird(seenPower);
  }

  VoteTally tally(VoteType type) {
    return type == VoteType.PREVOTE ? prevotes : precommits;
  }
}
