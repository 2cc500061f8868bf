package network.pot.consensus;

import java.util.List;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;

/**
 * What consensus orders: a height, the parent's hash, the certificate that made the parent final
 * (absent at height 1), evidence of misbehaviour to be punished, and the application's payload
 * (transactions, or the ledger's own block; opaque here). The hash is SHA-256 of the canonical
 * encoding, so two blocks are the same block exactly when their bytes are equal.
 */
public final class ConsensusBlock {
  private final long height;
  private final Hash parent;
  private final CommitCertificate lastCommit;
  private final List<Evidence> evidence;
  private final byte[] payload;
  private final byte[] encoded;
  private final Hash hash;

  /** A block; {@code lastCommit} is null only at height 1. */
  public ConsensusBlock(
      long height,
      Hash parent,
      CommitCertificate lastCommit,
      List<Evidence> evidence,
      byte[] payload) {
    if (height < 1) {
      throw new IllegalArgumentException("height must be >= 1, got " + height);
    }
    this.height = height;
    this.parent = parent;
    this.lastCommit = lastCommit;
    this.evidence = List.copyOf(evidence);
    this.payload = payload.clone();
    Writer w = new Writer(payload.length + 256);
    MessageCodec.writeBlock(w, this);
    this.encoded = w.toByteArray();
    this.hash = Hash.sha256(encoded);
  }

  /** Height, starting at 1. */
  public long height() {
    return height;
  }

  /** Hash of the block at height - 1 ({@link Hash#ZERO} at height 1). */
  public Hash parent() {
    return parent;
  }

  /** Certificate of the parent, or null at height 1. */
  public CommitCertificate lastCommit() {
    return lastCommit;
  }

  /** Evidence carried by this block. */
  public List<Evidence> evidence() {
    return evidence;
  }

  /** A copy of the application payload. */
  public byte[] payload() {
    return payload.clone();
  }

  /** Payload length in bytes. */
  public int payloadSize() {
    return payload.length;
  }

  byte[] payloadUnsafe() {
    return payload;
  }

  /** The canonical encoding (a copy). */
  public byte[] encoded() {
    return encoded.clone();
  }

  int encodedSize() {
    return encoded.length;
  }

  byte[] encodedUnsafe() {
    return encoded;
  }

  /** SHA-256 of the canonical encoding. */
  public Hash hash() {
    return hash;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConsensusBlock b && hash.equals(b.hash);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "ConsensusBlock(h=" + height + " " + hash.shortHex() + ")";
  }
}
