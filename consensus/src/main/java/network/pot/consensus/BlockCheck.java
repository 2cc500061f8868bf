package network.pot.consensus;

import java.util.HashSet;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import network.pot.base.crypto.Hash;
import network.pot.consensus.crypto.SignatureVerifier;

/**
 * Whether a block may be decided at a height: right height and parent, a valid certificate for the
 * parent (none at height 1), acceptable evidence, and a payload the application accepts. A pure
 * function of the committed chain, so all honest nodes agree on it.
 */
final class BlockCheck {
  private final ConsensusConfig config;
  private final SignatureVerifier verifier;
  private final Application app;
  private final LongFunction<ValidatorSet> validatorsAt;
  private final LongSupplier firstHeight;

  BlockCheck(
      ConsensusConfig config,
      SignatureVerifier verifier,
      Application app,
      LongFunction<ValidatorSet> validatorsAt,
      LongSupplier firstHeight) {
    this.config = config;
    this.verifier = verifier;
    this.app = app;
    this.validatorsAt = validatorsAt;
    this.firstHeight = firstHeight;
  }

  /** Whether {@code b} is valid at {@code height} on top of {@code parent}, and if not, why. */
  Application.PayloadCheck check(ConsensusBlock b, long height, Hash parent) {
    String reason = checkHeader(b, height, parent);
    if (reason != null) {
      return Application.PayloadCheck.invalid(reason);
    }
    Application.PayloadCheck c =
        app.checkPayload(height, parent, b.lastCommit(), b.payloadUnsafe());
    return c.valid()
        ? c
        : new Application.PayloadCheck(false, "payload: " + c.reason(), c.undecided());
  }

  /** Null when all but {@code b}'s payload is valid, else the reason. */
  private String checkHeader(ConsensusBlock b, long height, Hash parent) {
    if (b.height() != height) {
      return "wrong height";
    }
    if (!b.parent().equals(parent)) {
      return "wrong parent";
    }
    if (height == 1) {
      if (b.lastCommit() != null) {
        return "certificate at height 1";
      }
    } else if (b.lastCommit() == null) {
      return "bad last commit";
    } else if (height - 1 == firstHeight.getAsLong() && firstHeight.getAsLong() > 1) {
      // the first block after a state sync: its parent's set (as of the block before the parent)
      // is not known here; the block itself comes with its own certificate, whose quorum checked
      // this one when it decided it
    } else if (b.lastCommit()
            .verify(config.chainId(), height - 1, parent, validatorsAt.apply(height - 1), verifier)
        != CommitCertificate.Check.OK) {
      return "bad last commit";
    }
    if (b.evidence().size() > config.maxEvidencePerBlock()) {
      return "too much evidence";
    }
    Set<String> keys = new HashSet<>();
    for (Evidence e : b.evidence()) {
      if (!acceptable(e, height) || !keys.add(e.key())) {
        return "bad evidence";
      }
    }
    return null;
  }

  /** True when {@code e} verifies and is recent enough to go into a block at {@code height}. */
  boolean acceptable(Evidence e, long height) {
    long h = e.height();
    return h <= height
        && height - h <= config.evidenceMaxAge()
        && e.verify(config.chainId(), validatorsAt.apply(h), verifier);
  }
}
