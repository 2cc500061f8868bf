package network.pot.consensus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import network.pot.base.crypto.Hash;

/**
 * The votes of one type in one round, with the power behind each block kept incrementally so that
 * every quorum question is O(1).
 *
 * <p>A validator that equivocates is counted once towards each target it signed (and once towards
 * the total). That cannot produce two quorums while Byzantine power is below one third (any two
 * quorums share more than a third of the power, so an honest validator would have had to sign
 * both), and it keeps honest nodes that saw different halves of an equivocation able to recognise
 * the same quorum. Only lookups go through the hash map; nothing depends on its iteration order.
 */
final class VoteTally {
  private final ValidatorSet set;
  private final Vote[] first;
  private final Vote[] nil;
  private final Map<Hash, Vote[]> byBlock = new HashMap<>();
  private final Map<Hash, Long> powerByBlock = new HashMap<>();
  private long totalPower;
  private long nilPower;
  private Hash quorumBlock;

  VoteTally(ValidatorSet set) {
    this.set = set;
    this.first = new Vote[set.size()];
    this.nil = new Vote[set.size()];
  }

  /** The first vote received from {@code validator}, or null. */
  Vote first(int validator) {
    return first[validator];
  }

  /** True when this exact target from this validator is already counted. */
  boolean holds(Vote v) {
    if (v.isNil()) {
      return nil[v.validator()] != null;
    }
    Vote[] votes = byBlock.get(v.blockHash());
    return votes != null && votes[v.validator()] != null;
  }

  /** Counts a verified vote whose target is not yet counted for its validator. */
  void add(Vote v) {
    int i = v.validator();
    long p = set.power(i);
    if (first[i] == null) {
      first[i] = v;
      totalPower += p;
    }
    if (v.isNil()) {
      if (nil[i] == null) {
        nil[i] = v;
        nilPower += p;
      }
      return;
    }
    Vote[] votes = byBlock.computeIfAbsent(v.blockHash(), k -> new Vote[set.size()]);
    if (votes[i] == null) {
      votes[i] = v;
      long forBlock = powerByBlock.merge(v.blockHash(), p, Long::sum);
      if (quorumBlock == null && set.isQuorum(forBlock)) {
        quorumBlock = v.blockHash();
      }
    }
  }

  /** The block with more than 2/3 of the power, or null. */
  Hash quorumBlock() {
    return quorumBlock;
  }

  boolean quorumFor(Hash block) {
    return block != null && block.equals(quorumBlock);
  }

  boolean quorumNil() {
    return set.isQuorum(nilPower);
  }

  boolean quorumAny() {
    return set.isQuorum(totalPower);
  }

  /** The votes for {@code block}, by validator index (a commit certificate's content). */
  List<Vote> votesFor(Hash block) {
    List<Vote> out = new ArrayList<>();
    Vote[] votes = byBlock.get(block);
    if (votes != null) {
      for (Vote v : votes) {
        if (v != null) {
          out.add(v);
        }
      }
    }
    return out;
  }
}
