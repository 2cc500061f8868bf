package network.pot.consensus.crypto;

/**
 * Holds one validator's private key and signs consensus statements with it. Only the node that owns
 * the key has its signer; everyone else checks signatures with a {@link SignatureVerifier}.
 */
public interface Signer {
  /** The public key that verifies this signer's signatures. */
  byte[] publicKey();

  /** Signs {@code message}. */
  byte[] sign(byte[] message);
}
