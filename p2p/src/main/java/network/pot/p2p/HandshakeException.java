package network.pot.p2p;

import network.pot.p2p.crypto.Handshake;

/** Completes a connect future when the handshake fails; carries the reason as a value. */
public final class HandshakeException extends Exception {
  private static final long serialVersionUID = 1L;
  private final Handshake.Failure failure;

  public HandshakeException(Handshake.Failure failure) {
    super("handshake failed: " + failure);
    this.failure = failure;
  }

  public Handshake.Failure failure() {
    return failure;
  }
}
