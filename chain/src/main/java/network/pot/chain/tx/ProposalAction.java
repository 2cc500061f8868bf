package network.pot.chain.tx;

import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.chain.crypto.Address;

/** What a governance proposal does when it passes. */
public sealed interface ProposalAction {
  /** Maximum length of a parameter name in bytes. */
  int MAX_NAME = 64;

  void encode(Writer w);

  /** A signalling proposal: nothing changes on chain. */
  record Text() implements ProposalAction {
    @Override
    public void encode(Writer w) {
      w.u8(0);
    }
  }

  /** Sets one chain parameter (see {@code Params}) to a new value. */
  record ParamChange(String name, long value) implements ProposalAction {
    @Override
    public void encode(Writer w) {
      w.u8(1).string(name).u64(value);
    }
  }

  /** Pays {@code amount} from the community treasury to {@code recipient}. */
  record TreasurySpend(Address recipient, long amount) implements ProposalAction {
    @Override
    public void encode(Writer w) {
      w.u8(2).raw(recipient.unsafeArray()).u64(amount);
    }
  }

  static ProposalAction decode(Reader r) throws DecodeException {
    int tag = r.u8();
    return switch (tag) {
      case 0 -> new Text();
      case 1 -> new ParamChange(r.string(MAX_NAME), r.amount());
      case 2 -> new TreasurySpend(Address.of(r.raw(Address.SIZE)), r.amount());
      default ->
          throw new DecodeException(
              DecodeException.Reason.UNKNOWN_TAG, "proposal action tag " + tag);
    };
  }
}
