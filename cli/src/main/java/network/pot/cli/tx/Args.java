package network.pot.cli.tx;

import network.pot.base.crypto.Hash;
import network.pot.base.crypto.PublicKey;
import network.pot.chain.crypto.Address;
import network.pot.cli.output.UserException;

/**
 * Checks of command options (addresses, amounts, basis points): a bad value is one line naming the
 * option (exit 2).
 */
public final class Args {
  private Args() {}

  public static Address address(String option, String text) {
    try {
      return Address.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UserException(option + " " + text + ": not an address (" + e.getMessage() + ")", e);
    }
  }

  /** A SHA-256 value as 64 hex digits. */
  public static Hash hash(String option, String text) {
    try {
      return Hash.fromHex(text);
    } catch (IllegalArgumentException e) {
      throw new UserException(
          option + " " + text + ": not 64 hex digits (" + e.getMessage() + ")", e);
    }
  }

  /** An Ed25519 public key as 64 hex digits. */
  public static PublicKey publicKey(String option, String text) {
    try {
      return PublicKey.of(Hash.fromHex(text).toArray());
    } catch (IllegalArgumentException e) {
      throw new UserException(
          option + " " + text + ": not a public key (" + e.getMessage() + ")", e);
    }
  }

  public static long positive(String option, long amount) {
    if (amount <= 0) {
      throw new UserException(option + " must be a positive amount, not " + amount);
    }
    return amount;
  }

  public static int bps(String option, int bps) {
    if (bps < 0 || bps > 10_000) {
      throw new UserException(option + " must be basis points from 0 to 10000, not " + bps);
    }
    return bps;
  }
}
