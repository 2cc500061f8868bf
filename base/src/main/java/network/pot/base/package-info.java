/**
 * The primitives below every other module, each written once: {@link network.pot.base.bytes}
 * (immutable byte strings, hex), {@link network.pot.base.crypto} (the 32-byte hash, SHA-256 with
 * domain separation, Ed25519), {@link network.pot.base.codec} (the canonical big-endian encoding of
 * {@code docs/encoding.md} and the little-endian helpers of the checkpoint format), {@link
 * network.pot.base.io} (durable atomic writes, recursive delete), {@link network.pot.base.json}
 * (the one JSON mapper configuration) and {@link network.pot.base.econ} (exact integer payout
 * splits). Nothing here knows of blocks, tasks or consensus.
 */
package network.pot.base;
