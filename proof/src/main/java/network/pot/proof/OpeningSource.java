package network.pot.proof;

import java.io.IOException;
import java.util.Optional;

/**
 * The prover's side of a challenge: the Merkle opening of transcript leaf {@code i}. Untrusted like
 * {@link BlobSource}: the verifier checks each opening against the committed root.
 */
public interface OpeningSource {
  /** The opening of leaf {@code index}, or empty when the prover does not answer. */
  Optional<Merkle.Opening> open(int index) throws IOException;
}
