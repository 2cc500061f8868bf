package network.pot.consensus.crypto;

/** Checks a signature against a public key. Must be a pure function of its three inputs. */
public interface SignatureVerifier {
  /**
   * True when {@code signature} is a valid signature of {@code message} under {@code publicKey}.
   */
  boolean verify(byte[] publicKey, byte[] message, byte[] signature);
}
