package network.pot.p2p.peer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import network.pot.p2p.P2pNode;
import network.pot.p2p.Protocols;
import network.pot.p2p.Reply;
import network.pot.p2p.crypto.NodeId;
import network.pot.p2p.wire.MalformedMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peer discovery by exchange: each node answers {@link Protocols#PEERS} with the entries of its
 * {@link AddressBook}, and when a peer connects while this node has fewer than {@code target}
 * peers, it asks that peer and dials the node ids it learns, expecting the advertised key. A node
 * configured with one bootstrap address thus finds the rest of the network.
 */
public final class PeerExchange {
  private static final Logger log = LoggerFactory.getLogger(PeerExchange.class);
  private static final int MAX_ENTRIES = 64;

  private final P2pNode node;
  private final int target;

  /** Registers the protocol on {@code node}; call before {@link P2pNode#start()}. */
  public PeerExchange(P2pNode node, int target) {
    if (target < 1) {
      throw new IllegalArgumentException("target must be >= 1");
    }
    this.node = node;
    this.target = target;
    node.onRequest(Protocols.PEERS, (from, body) -> Reply.ok(encode(node.addressBook().entries())));
    node.addListener(this::onConnected);
  }

  private void onConnected(NodeId peer) {
    if (node.peers().size() >= target) {
      return;
    }
    node.request(peer, Protocols.PEERS, new byte[0])
        .thenAccept(
            reply -> {
              if (!reply.isOk()) {
                return;
              }
              try {
                dial(decode(reply.body()));
              } catch (MalformedMessageException e) {
                node.penalize(peer, Penalty.INVALID_MESSAGE);
              }
            });
  }

  private void dial(List<AddressBook.Entry> entries) {
    Set<NodeId> have = new HashSet<>(node.peers());
    int room = target - have.size();
    for (AddressBook.Entry e : entries) {
      if (room <= 0) {
        return;
      }
      if (e.id().equals(node.id()) || have.contains(e.id()) || node.isBanned(e.id())) {
        continue;
      }
      room--;
      node.addressBook().put(e.id(), e.address());
      log.debug("{} dialing {} learned by peer exchange", node.id(), e.id());
      node.connect(e.address(), Optional.of(e.id()));
    }
  }

  /** Entries as: count, then per entry node id, address length (4 or 16), address, port. */
  static byte[] encode(List<AddressBook.Entry> entries) {
    List<AddressBook.Entry> some = entries.subList(0, Math.min(entries.size(), MAX_ENTRIES));
    ByteBuffer out = ByteBuffer.allocate(2 + some.size() * (32 + 1 + 16 + 2));
    out.putShort((short) some.size());
    for (AddressBook.Entry e : some) {
      byte[] ip = e.address().getAddress().getAddress();
      out.put(e.id().bytes()).put((byte) ip.length).put(ip).putShort((short) e.address().getPort());
    }
    byte[] b = new byte[out.position()];
    out.flip().get(b);
    return b;
  }

  static List<AddressBook.Entry> decode(byte[] body) throws MalformedMessageException {
    try {
      ByteBuffer in = ByteBuffer.wrap(body);
      int n = Short.toUnsignedInt(in.getShort());
      if (n > MAX_ENTRIES) {
        throw new MalformedMessageException("too many peer entries: " + n);
      }
      List<AddressBook.Entry> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        byte[] id = new byte[32];
        in.get(id);
        int len = in.get();
        if (len != 4 && len != 16) {
          throw new MalformedMessageException("bad address length " + len);
        }
        byte[] ip = new byte[len];
        in.get(ip);
        int port = Short.toUnsignedInt(in.getShort());
        out.add(
            new AddressBook.Entry(
                NodeId.of(id), new InetSocketAddress(InetAddress.getByAddress(ip), port)));
      }
      if (in.hasRemaining()) {
        throw new MalformedMessageException("trailing bytes after peer entries");
      }
      return out;
    } catch (BufferUnderflowException | UnknownHostException e) {
      throw new MalformedMessageException("malformed peer list");
    }
  }
}
