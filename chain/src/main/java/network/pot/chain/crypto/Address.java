package network.pot.chain.crypto;

import java.util.Arrays;
import network.pot.base.bytes.FixedBytes;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.base.crypto.PublicKey;

/**
 * An account address: the first 20 bytes of SHA-256 of an Ed25519 public key, written in bech32
 * with the human-readable part {@code pot} ({@code pot1...}), whose checksum catches typos.
 */
public final class Address extends FixedBytes<Address> {
  /** Length in bytes. */
  public static final int SIZE = 20;

  /** The human-readable prefix of every address string. */
  public static final String HRP = "pot";

  private Address(byte[] data) {
    super(data);
  }

  /** Wraps exactly 20 bytes (copied). */
  public static Address of(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException("an address has 20 bytes, got " + bytes.length);
    }
    return new Address(bytes.clone());
  }

  /** The address of a public key. */
  public static Address of(PublicKey key) {
    return new Address(Arrays.copyOf(Hash.sha256(key.unsafeArray()).unsafeArray(), SIZE));
  }

  /** The address of a key pair's public key: the account it signs for. */
  public static Address of(KeyPair key) {
    return of(key.publicKey());
  }

  /**
   * Parses {@code pot1...}.
   *
   * @throws IllegalArgumentException if the string is not a valid, checksummed pot address
   */
  public static Address parse(String text) {
    Bech32.Decoded d = Bech32.decode(text.strip());
    if (!d.hrp().equals(HRP)) {
      throw new IllegalArgumentException("address must start with pot1, got prefix " + d.hrp());
    }
    if (d.data().length != SIZE) {
      throw new IllegalArgumentException("address payload must be 20 bytes");
    }
    return new Address(d.data());
  }

  /** The bech32 form, {@code pot1...}. */
  @Override
  public String toString() {
    return Bech32.encode(HRP, data);
  }
}
