package network.pot.node.work;

import java.util.Optional;
import network.pot.chain.block.Block;
import network.pot.chain.state.Enrollment;
import network.pot.node.ledger.LedgerApp;

/**
 * The randomness a verifier's challenge is drawn from: the hash of the first block finalized after
 * the block that recorded the miner's commit. The miner fixed its transcript before that block
 * existed, so it cannot pick the segments it will be asked for; each verifier then mixes in its own
 * id ({@link network.pot.proof.Challenge}), so committee members check different segments.
 */
final class ChallengeSeed {
  private ChallengeSeed() {}

  /** The seed, or empty until the block after the commit is final. */
  static Optional<byte[]> of(LedgerApp app, Enrollment e) {
    long h = e.commitHeight() + 1;
    if (app.state().height() < h) {
      return Optional.empty();
    }
    Block b = app.chain().block(h);
    return b == null ? Optional.empty() : Optional.of(b.hash().toArray());
  }
}
