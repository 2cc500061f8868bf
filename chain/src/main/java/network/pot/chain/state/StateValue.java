package network.pot.chain.state;

import network.pot.base.codec.Writer;

/**
 * A value stored in the ledger state. Its canonical encoding is what the state root commits to and
 * what storage keeps; {@link StateCodec} reads it back given its key.
 */
public interface StateValue {
  void encode(Writer w);
}
