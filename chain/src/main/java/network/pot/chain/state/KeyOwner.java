package network.pot.chain.state;

import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.chain.crypto.Address;

/**
 * The validator a separate consensus key signs for: stored under the key's address, so that votes
 * and transactions signed by the hot key on the validator's machine act for a validator whose
 * account key stays offline.
 */
public record KeyOwner(Address validator) implements StateValue {
  @Override
  public void encode(Writer w) {
    w.raw(validator.unsafeArray());
  }

  static KeyOwner decode(Reader r) throws DecodeException {
    return new KeyOwner(Address.of(r.raw(Address.SIZE)));
  }
}
