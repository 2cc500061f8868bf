/** Signing and verification of consensus statements: Ed25519 (RFC 8032) via BouncyCastle. */
package network.pot.consensus.crypto;
