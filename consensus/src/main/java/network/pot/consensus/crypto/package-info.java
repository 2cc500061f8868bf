/**
 * Signing and verification of consensus statements: Ed25519 (RFC 8032) through the base module's
 * {@code KeyPair} and {@code PublicKey}, behind the {@code Signer} and {@code SignatureVerifier}
 * interfaces that the node and the simulator use.
 */
package network.pot.consensus.crypto;
