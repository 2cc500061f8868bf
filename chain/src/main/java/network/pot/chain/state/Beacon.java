package network.pot.chain.state;

import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.Sha256;

/**
 * The chain's randomness beacon: every block mixes in its proposer's reveal, {@code value(h) =
 * tagged("pot/beacon/v1", value(h-1), reveal(h))}. A reveal is the one preimage of the value its
 * proposer revealed before, so the proposer of a block cannot choose its contribution (only whether
 * to propose), and nobody else knows it before the block exists. Verifier committees and their
 * challenges are drawn from it.
 */
public record Beacon(Hash value) implements StateValue {
  /** The beacon of a new chain: public, and replaced by the first block's reveal. */
  public static Beacon genesis(String chainId) {
    return new Beacon(
        Hash.of(
            Sha256.tagged(
                "pot/beacon/genesis", chainId.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
  }

  /** The beacon after a block that revealed {@code reveal}. */
  public Beacon mix(Hash reveal) {
    return new Beacon(
        Hash.of(Sha256.tagged("pot/beacon/v1", value.unsafeArray(), reveal.unsafeArray())));
  }

  @Override
  public void encode(Writer w) {
    w.raw(value.unsafeArray());
  }

  static Beacon decode(Reader r) throws DecodeException {
    return new Beacon(Hash.of(r.raw(Hash.SIZE)));
  }
}
