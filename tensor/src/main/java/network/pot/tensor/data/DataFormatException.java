package network.pot.tensor.data;

import java.io.IOException;

/** A data file that cannot be read as what it claims to be; the message names file and fault. */
public final class DataFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public DataFormatException(String message) {
    super(message);
  }
}
