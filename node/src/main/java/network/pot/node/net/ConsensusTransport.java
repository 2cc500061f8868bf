package network.pot.node.net;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import network.pot.consensus.ConsensusListener;
import network.pot.consensus.Network;
import network.pot.consensus.Rejection;
import network.pot.p2p.P2pNode;
import network.pot.p2p.crypto.NodeId;
import network.pot.p2p.peer.Penalty;

/**
 * Consensus messages over the p2p layer: each one goes as a direct message to every connected peer,
 * and consensus relays what it accepts for the first time to the peers it did not come from, so
 * validators need not form a full mesh (consensus' own retransmission covers losses). Peers get
 * stable small numbers in the order this node first meets them, which is what the consensus {@link
 * Network} speaks. Rejections that only a faulty or malicious peer causes (undecodable bytes,
 * forged signatures, invalid blocks) cost that peer score, up to a ban.
 */
public final class ConsensusTransport implements Network {
  /** The direct-message protocol number of consensus traffic. */
  public static final int PROTOCOL = 0x0301;

  private final P2pNode p2p;
  private final Map<NodeId, Integer> index = new ConcurrentHashMap<>();
  private final List<NodeId> peers = new CopyOnWriteArrayList<>();

  public ConsensusTransport(P2pNode p2p) {
    this.p2p = p2p;
  }

  /** Registers the receive side; {@code deliver} gets (peer number, message). Before start. */
  public void onMessage(BiConsumer<Integer, byte[]> deliver) {
    p2p.onDirect(
        PROTOCOL,
        (from, body) -> {
          deliver.accept(indexOf(from), body);
          return true;
        });
  }

  private synchronized int indexOf(NodeId id) {
    Integer i = index.get(id);
    if (i == null) {
      i = peers.size();
      peers.add(id);
      index.put(id, i);
    }
    return i;
  }

  @Override
  public void broadcast(byte[] message) {
    for (NodeId peer : p2p.peers()) {
      p2p.sendDirect(peer, PROTOCOL, message);
    }
  }

  @Override
  public void relay(int from, byte[] message) {
    NodeId sender = from >= 0 && from < peers.size() ? peers.get(from) : null;
    for (NodeId peer : p2p.peers()) {
      if (!peer.equals(sender)) {
        p2p.sendDirect(peer, PROTOCOL, message);
      }
    }
  }

  @Override
  public void send(int peer, byte[] message) {
    if (peer >= 0 && peer < peers.size()) {
      p2p.sendDirect(peers.get(peer), PROTOCOL, message);
    }
  }

  /** A consensus listener that penalizes peers for the rejections only misbehaviour causes. */
  public ConsensusListener penalizer() {
    return new ConsensusListener() {
      @Override
      public void onRejected(int peer, Rejection reason) {
        if (peer < 0 || peer >= peers.size()) {
          return;
        }
        Penalty p =
            switch (reason) {
              case MALFORMED, OVERSIZE -> Penalty.GARBAGE;
              case BAD_SIGNATURE, BAD_CERTIFICATE, CONFLICTING_PROPOSAL -> Penalty.INVALID_MESSAGE;
              case INVALID_BLOCK -> Penalty.INVALID_MESSAGE;
              // sync requests beyond one per interval (a catching-up peer asks no faster)
              case RATE_LIMITED -> Penalty.RATE_LIMITED;
              default -> null;
            };
        if (p != null) {
          p2p.penalize(peers.get(peer), p);
        }
      }
    };
  }
}
