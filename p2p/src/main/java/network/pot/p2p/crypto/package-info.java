/**
 * Node keys (Ed25519), the connection handshake (signed transcript, X25519 key agreement, HKDF) and
 * the AES-GCM session ciphers. Pure: no sockets.
 */
package network.pot.p2p.crypto;
