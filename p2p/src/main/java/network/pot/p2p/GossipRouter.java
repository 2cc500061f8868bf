package network.pot.p2p;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import network.pot.base.bytes.Bytes;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Sha256;
import network.pot.p2p.gossip.GossipHandler;
import network.pot.p2p.gossip.RecentMessages;
import network.pot.p2p.gossip.SeenCache;
import network.pot.p2p.gossip.Validation;
import network.pot.p2p.peer.Penalty;
import network.pot.p2p.time.TimeSource;
import network.pot.p2p.wire.MalformedMessageException;
import network.pot.p2p.wire.Message;
import network.pot.p2p.wire.MessageCodec;

/**
 * Routes the gossip of a {@link P2pNode}: dedup by the SHA-256 of topic and payload, delivery to
 * the topic's handler, and relay of accepted messages — pushed to {@code gossipFanout} random
 * peers, announced by hash to the others, which fetch what they have not seen. Thread-safe.
 */
final class GossipRouter {
  private final P2pNode node;
  private final Random fanoutRandom;
  private final SeenCache seen;
  private final RecentMessages recent;
  private final Set<Bytes> wanted = ConcurrentHashMap.newKeySet();
  private final Map<Integer, GossipHandler> topics = new ConcurrentHashMap<>();
  private final AtomicInteger duplicates = new AtomicInteger();

  GossipRouter(P2pNode node, Random fanoutRandom, TimeSource time) {
    this.node = node;
    this.fanoutRandom = fanoutRandom;
    P2pConfig config = node.config();
    this.seen = new SeenCache(config.seenCapacity(), config.seenTtlMillis(), time);
    this.recent = new RecentMessages(config.seenCapacity(), 64L << 20);
  }

  void register(int topic, GossipHandler handler) {
    topics.put(topic, handler);
  }

  int duplicates() {
    return duplicates.get();
  }

  int publish(int topic, byte[] payload) {
    byte[] id = gossipId(topic, payload);
    seen.add(id);
    return relay(null, new Message.Gossip(topic, payload), id);
  }

  void onGossip(PeerConnection from, Message.Gossip g) {
    byte[] id = gossipId(g.topic(), g.payload());
    if (!seen.add(id)) {
      duplicates.incrementAndGet();
      return;
    }
    GossipHandler h = topics.get(g.topic());
    if (h == null) {
      return; // a topic this node does not follow: neither delivered nor relayed
    }
    Validation v = h.onMessage(from.remote(), g.payload());
    if (v == Validation.ACCEPT) {
      from.useful();
      relay(from, g, id);
    } else if (v == Validation.REJECT) {
      node.penalize(from, Penalty.INVALID_MESSAGE);
    }
  }

  /**
   * Pushes a gossip message to {@code gossipFanout} random peers and announces its hash to the
   * others, which ask for it if no push reached them: pushes keep latency low, announcements make
   * sure every connected node gets every message. Returns the number of peers pushed to.
   */
  private int relay(PeerConnection exclude, Message.Gossip g, byte[] id) {
    recent.put(id, MessageCodec.encode(g));
    List<PeerConnection> targets = pickPeers(exclude);
    int push = Math.min(targets.size(), node.config().gossipFanout());
    Message announce = new Message.Direct(Protocols.GOSSIP_IHAVE, id);
    for (int i = 0; i < targets.size(); i++) {
      targets.get(i).send(i < push ? g : announce);
    }
    return push;
  }

  // the callback handles both outcomes of the request; nothing waits on what it returns
  @SuppressWarnings("FutureReturnValueIgnored")
  void onAnnounce(PeerConnection from, byte[] id) {
    if (seen.contains(id)) {
      return;
    }
    Bytes key = Bytes.of(id);
    if (!wanted.add(key)) {
      return; // already being fetched from another peer
    }
    from.request(Protocols.GOSSIP_IWANT, id)
        .whenComplete(
            (reply, err) -> {
              wanted.remove(key);
              if (err != null || !reply.isOk()) {
                return;
              }
              try {
                Message m = MessageCodec.decode(reply.body());
                if (!(m instanceof Message.Gossip g)
                    || !Arrays.equals(gossipId(g.topic(), g.payload()), id)) {
                  node.penalize(from, Penalty.INVALID_MESSAGE);
                  return;
                }
                onGossip(from, g);
              } catch (MalformedMessageException e) {
                node.penalize(from, Penalty.INVALID_MESSAGE);
              }
            });
  }

  Reply serveWanted(byte[] id) {
    if (id.length != 32) {
      return Reply.badRequest();
    }
    return recent.get(id).map(Reply::ok).orElse(Reply.notFound());
  }

  /** The connected peers except {@code exclude}, in random order. */
  private List<PeerConnection> pickPeers(PeerConnection exclude) {
    List<PeerConnection> all = node.connections(exclude);
    synchronized (fanoutRandom) {
      Collections.shuffle(all, fanoutRandom);
    }
    return all;
  }

  /** SHA-256 of the topic (u16) and the payload. */
  private static byte[] gossipId(int topic, byte[] payload) {
    return Sha256.of(new Writer(2).u16(topic).toByteArray(), payload);
  }
}
