package network.pot.chain.state;

import java.math.BigInteger;
import java.util.Arrays;
import network.pot.base.bytes.Bytes;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;

/** Canonical encoding of the non-negative big integers of reward accounting. */
final class BigUnsigned {
  private static final int MAX_BYTES = 48;

  private BigUnsigned() {}

  static void write(Writer w, BigInteger v) {
    w.bytes(Bytes.wrap(v.toByteArray()));
  }

  static BigInteger read(Reader r) throws DecodeException {
    byte[] b = r.bytes(MAX_BYTES).unsafeArray();
    if (b.length == 0) {
      throw new DecodeException(DecodeException.Reason.NON_CANONICAL, "empty integer");
    }
    BigInteger v = new BigInteger(b);
    if (v.signum() < 0) {
      throw new DecodeException(DecodeException.Reason.INVALID_VALUE, "negative integer");
    }
    if (!Arrays.equals(v.toByteArray(), b)) {
      throw new DecodeException(DecodeException.Reason.NON_CANONICAL, "padded integer");
    }
    return v;
  }
}
