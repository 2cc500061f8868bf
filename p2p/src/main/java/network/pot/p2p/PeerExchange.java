package network.pot.p2p;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.p2p.crypto.NodeId;
import network.pot.p2p.peer.AddressBook;
import network.pot.p2p.peer.Penalty;
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

  // the callback handles the reply; a failed request just learns no peers
  @SuppressWarnings("FutureReturnValueIgnored")
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

  // dials are best effort: a failed one only leaves that peer unconnected
  @SuppressWarnings("FutureReturnValueIgnored")
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
    Writer out = new Writer(2 + some.size() * (NodeId.SIZE + 1 + 16 + 2));
    out.u16(some.size());
    for (AddressBook.Entry e : some) {
      byte[] ip = e.address().getAddress().getAddress();
      out.raw(e.id().unsafeArray()).u8(ip.length).raw(ip).u16(e.address().getPort());
    }
    return out.toByteArray();
  }

  static List<AddressBook.Entry> decode(byte[] body) throws MalformedMessageException {
    try {
      Reader in = new Reader(body);
      int n = in.u16();
      if (n > MAX_ENTRIES) {
        throw new MalformedMessageException("too many peer entries: " + n);
      }
      List<AddressBook.Entry> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        NodeId id = NodeId.of(in.raw(NodeId.SIZE));
        int len = in.u8();
        if (len != 4 && len != 16) {
          throw new MalformedMessageException("bad address length " + len);
        }
        byte[] ip = in.raw(len);
        int port = in.u16();
        out.add(
            new AddressBook.Entry(id, new InetSocketAddress(InetAddress.getByAddress(ip), port)));
      }
      in.end();
      return out;
    } catch (DecodeException | UnknownHostException e) {
      throw new MalformedMessageException("malformed peer list: " + e.getMessage());
    }
  }
}
