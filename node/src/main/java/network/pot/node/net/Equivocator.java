package network.pot.node.net;

import network.pot.base.codec.DecodeException;
import network.pot.consensus.ConsensusMessage;
import network.pot.consensus.MessageCodec;
import network.pot.consensus.Network;
import network.pot.consensus.Vote;
import network.pot.consensus.VoteType;
import network.pot.consensus.crypto.Signer;

/**
 * Fault injection: a transport wrapper that makes its validator double-sign. Every prevote for a
 * block it sends is followed by a second, conflicting prevote for nil at the same height and round,
 * signed with the same key. Honest validators turn the pair into evidence and the ledger slashes
 * and jails the culprit; this exists so that tests (and operators rehearsing an incident) can watch
 * that happen on a real network. Enabled only by the {@code [faults] double_sign} config key.
 */
public final class Equivocator implements Network {
  private final Network inner;
  private final String chainId;
  private final Signer signer;
  private final int maxPayload;

  public Equivocator(Network inner, String chainId, Signer signer, int maxPayload) {
    this.inner = inner;
    this.chainId = chainId;
    this.signer = signer;
    this.maxPayload = maxPayload;
  }

  @Override
  public void broadcast(byte[] message) {
    inner.broadcast(message);
    try {
      ConsensusMessage m = MessageCodec.decode(message, maxPayload);
      if (m instanceof Vote v && v.type() == VoteType.PREVOTE && v.blockHash() != null) {
        Vote nil =
            Vote.sign(
                chainId, signer, VoteType.PREVOTE, v.height(), v.round(), null, v.validator());
        inner.broadcast(MessageCodec.encode(nil));
      }
    } catch (DecodeException e) {
      throw new IllegalStateException("own message does not decode", e);
    }
  }

  @Override
  public void send(int peer, byte[] message) {
    inner.send(peer, message);
  }
}
