package network.pot.p2p;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldPrepender;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import network.pot.p2p.crypto.Handshake;
import network.pot.p2p.crypto.NodeId;
import network.pot.p2p.crypto.NodeKey;
import network.pot.p2p.crypto.SessionCipher;
import network.pot.p2p.gossip.GossipHandler;
import network.pot.p2p.peer.AddressBook;
import network.pot.p2p.peer.PeerScores;
import network.pot.p2p.peer.Penalty;
import network.pot.p2p.peer.TokenBucket;
import network.pot.p2p.time.TimeSource;
import network.pot.p2p.wire.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A p2p node: listens on TCP, dials peers, authenticates them with the {@link Handshake}, and
 * routes their messages to the handlers the node registered: gossip per topic (dedup by hash,
 * relayed to {@code gossipFanout} peers), one-way direct messages per protocol, and
 * request/response per protocol. Misbehaving peers lose score and get banned; persistent peers are
 * redialed with exponential backoff.
 *
 * <p>Connection slots: node ids cost nothing, so the limits are what keeps one attacker from
 * filling every slot with idle connections and cutting the node off (an eclipse). Persistent peers
 * (the ones the operator named) are always admitted and never count against a limit. Strangers
 * share {@code maxOutbound} slots for connections we opened and {@code maxInbound} for the ones
 * they opened; of the inbound ones, one IP address gets {@code maxInboundPerIp} and one IPv4 /24 or
 * IPv6 /64 {@code maxInboundPerSubnet}. When the inbound slots are full, the stranger that has sent
 * nothing useful (new gossip, an accepted direct message, a request we could answer, an answer to
 * ours) for the longest, and at least {@code idleEvictionMillis}, gives its slot to a newcomer.
 *
 * <p>Handlers are registered before {@link #start()}. Gossip and direct handlers run on network
 * threads and must be thread-safe and quick; request handlers run on a small worker pool.
 *
 * <p>Policy time (rate limits, scores and bans, dedup expiry, redial backoff) comes from the
 * injected {@link TimeSource}; socket-level deadlines (handshake and request timeouts) are timers
 * on the Netty event loop that owns the connection.
 */
public final class P2pNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(P2pNode.class);

  /**
   * The largest frame a peer may send before the handshake has authenticated it: a hello is {@value
   * Handshake#HELLO_BYTES} bytes and an auth frame less than 100, so 4 KiB leaves room for a future
   * hello and keeps what a stranger can make the node buffer small.
   */
  public static final int PRE_AUTH_MAX_FRAME_BYTES = 4096;

  private final NodeKey key;
  private final P2pConfig config;
  private final TimeSource time;
  private final SecureRandom random;
  private final PeerScores scores;
  private final GossipRouter gossip;
  private final AddressBook addressBook = new AddressBook();
  private final Map<Integer, DirectHandler> directs = new ConcurrentHashMap<>();
  private final Map<Integer, RequestHandler> requests = new ConcurrentHashMap<>();
  private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<NodeId, PeerConnection> peers = new ConcurrentHashMap<>();
  private final Map<InetSocketAddress, Redial> persistent = new ConcurrentHashMap<>();
  private final Map<String, Integer> handshakesByIp = new HashMap<>(); // guarded by itself
  private int handshakes; // guarded by handshakesByIp

  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private ExecutorService requestPool;
  private Channel server;
  private volatile int listenPort;

  /** Redial state of one persistent peer address. */
  private static final class Redial {
    long next;
    long delay;
    boolean dialing;

    /** The key we met when we dialed this address; null until we have. */
    volatile NodeId id;

    /** The key the peer must prove, when configured with the address. */
    final Optional<NodeId> expected;

    Redial(Optional<NodeId> expected) {
      this.expected = expected;
    }
  }

  public P2pNode(NodeKey key, P2pConfig config, TimeSource time, SecureRandom random) {
    this.key = key;
    this.config = config;
    this.time = time;
    this.random = random;
    this.scores = new PeerScores(time, config.banMillis(), config.scoreRecoveryPerSecond());
    this.gossip = new GossipRouter(this, new Random(random.nextLong()), time);
    requests.put(Protocols.GOSSIP_IWANT, (from, body) -> gossip.serveWanted(body));
  }

  public NodeId id() {
    return key.id();
  }

  public P2pConfig config() {
    return config;
  }

  /**
   * The largest body a gossip, direct, request or response message can carry: the frame limit less
   * encryption tags and the message header.
   */
  public int maxPayloadBytes() {
    return SessionCipher.maxPlainLength(config.maxFrameBytes()) - 16;
  }

  public PeerScores scores() {
    return scores;
  }

  public AddressBook addressBook() {
    return addressBook;
  }

  /** Gossip messages received again after the first copy (dedup working). */
  public int gossipDuplicates() {
    return gossip.duplicates();
  }

  public void onGossip(int topic, GossipHandler handler) {
    gossip.register(topic, handler);
  }

  public void onDirect(int protocol, DirectHandler handler) {
    directs.put(protocol, handler);
  }

  public void onRequest(int protocol, RequestHandler handler) {
    requests.put(protocol, handler);
  }

  public void addListener(PeerListener listener) {
    listeners.add(listener);
  }

  /** Binds the listening socket; returns the bound address (useful with port 0). */
  // the redial timer runs until close() shuts its event loop down
  @SuppressWarnings("FutureReturnValueIgnored")
  public InetSocketAddress start() throws IOException {
    boss = new NioEventLoopGroup(1);
    workers = new NioEventLoopGroup(2);
    requestPool = Threads.pool("req", this, 2);
    ServerBootstrap b =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                initializer(Handshake.Role.RESPONDER, Optional.empty(), Optional.empty()));
    try {
      server = b.bind(config.host(), config.port()).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while binding", e);
    } catch (RuntimeException e) {
      close();
      throw new IOException("cannot listen on " + config.host() + ":" + config.port(), e);
    }
    InetSocketAddress bound = (InetSocketAddress) server.localAddress();
    listenPort = bound.getPort();
    workers.scheduleWithFixedDelay(
        this::redialPersistent,
        config.reconnectMinMillis(),
        config.reconnectMinMillis(),
        TimeUnit.MILLISECONDS);
    log.info("{} listening on {}", id(), bound);
    return bound;
  }

  /**
   * Dials {@code address}; the future completes with the peer's id once authenticated, or
   * exceptionally (a {@link HandshakeException} says why the handshake failed).
   *
   * @param expected the key the peer must prove, if known
   */
  public CompletableFuture<NodeId> connect(InetSocketAddress address, Optional<NodeId> expected) {
    PeerConnection conn = newConnection(Handshake.Role.INITIATOR, expected, Optional.of(address));
    new Bootstrap()
        .group(workers)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.handshakeTimeoutMillis())
        .handler(pipeline(conn))
        .connect(address)
        .addListener(
            (ChannelFuture f) -> {
              if (!f.isSuccess()) {
                conn.authenticated().completeExceptionally(f.cause());
                closed(conn, false);
              }
            });
    return conn.authenticated();
  }

  /** Keeps a connection to {@code address}: dials it now and redials whenever it is lost. */
  public void addPersistentPeer(InetSocketAddress address) {
    addPersistentPeer(address, Optional.empty());
  }

  /**
   * Keeps a connection to {@code address}, whose peer must prove the key {@code expected} when
   * given: dials it now and redials whenever it is lost.
   */
  public void addPersistentPeer(InetSocketAddress address, Optional<NodeId> expected) {
    persistent.computeIfAbsent(address, a -> new Redial(expected));
  }

  /** The authenticated peers, sorted by id. */
  public List<NodeId> peers() {
    List<NodeId> out = new ArrayList<>(peers.keySet());
    Collections.sort(out);
    return out;
  }

  /** Authenticated connections by direction: those peers opened, and those this node dialed. */
  public record ConnectionCounts(int inbound, int outbound) {}

  /** How many authenticated connections peers opened and this node dialed. */
  public ConnectionCounts connectionCounts() {
    int out = 0;
    int all = 0;
    for (PeerConnection c : peers.values()) {
      all++;
      if (c.dialAddress().isPresent()) {
        out++;
      }
    }
    return new ConnectionCounts(all - out, out);
  }

  /** Gossips a payload of ours on {@code topic}; returns how many peers it was sent to. */
  public int publish(int topic, byte[] payload) {
    return gossip.publish(topic, payload);
  }

  /** Sends a one-way message to one peer; false if it is not connected. */
  public boolean sendDirect(NodeId peer, int protocol, byte[] body) {
    PeerConnection c = peers.get(peer);
    if (c == null) {
      return false;
    }
    c.send(new Message.Direct(protocol, body));
    return true;
  }

  /** Asks one peer; fails with an IOException when it is not connected. */
  public CompletableFuture<Reply> request(NodeId peer, int protocol, byte[] body) {
    PeerConnection c = peers.get(peer);
    if (c == null) {
      return CompletableFuture.failedFuture(new IOException("not connected to " + peer));
    }
    return c.request(protocol, body);
  }

  /** Whether the connection to {@code peer} can take more outbound data right now. */
  public boolean isWritable(NodeId peer) {
    PeerConnection c = peers.get(peer);
    return c != null && c.isWritable();
  }

  /** Penalizes a peer for misbehaviour found above the wire (a bad block, a corrupt chunk). */
  public void penalize(NodeId peer, Penalty penalty) {
    PeerConnection c = peers.get(peer);
    if (c != null) {
      penalize(c, penalty);
    } else {
      scores.penalize(key(peer), penalty);
    }
  }

  /** The peer's current score: 0 neutral, negative once penalized (recovering with time). */
  public double score(NodeId peer) {
    return scores.score(key(peer));
  }

  public boolean isBanned(NodeId peer) {
    return scores.isBanned(key(peer));
  }

  boolean isBanned(String scoreKey) {
    return scores.isBanned(scoreKey);
  }

  /** Disconnects a peer (not a penalty). */
  public void disconnect(NodeId peer) {
    PeerConnection c = peers.get(peer);
    if (c != null) {
      c.close("disconnected locally");
    }
  }

  // the server channel closes with its event loops, which are shut down and awaited below
  @SuppressWarnings("FutureReturnValueIgnored")
  @Override
  public void close() {
    persistent.clear();
    if (server != null) {
      server.close();
    }
    peers.values().forEach(c -> c.close("shutting down"));
    if (requestPool != null) {
      requestPool.shutdownNow();
    }
    if (workers != null) {
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
    if (boss != null) {
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  // ---- called by PeerConnection ----

  static String key(NodeId id) {
    return "node:" + id.toHex();
  }

  static String key(String ip) {
    return "ip:" + ip;
  }

  void penalize(PeerConnection c, Penalty penalty) {
    boolean banned = scores.penalize(c.scoreKey(), penalty);
    if (banned) {
      log.info("{} banning peer {} ({})", id(), c.scoreKey(), penalty);
      if (c.remote() != null) {
        // a peer that misbehaved is neither redialed from the book nor handed to others
        addressBook.remove(c.remote());
      }
      c.close("banned");
    }
  }

  long now() {
    return time.millis();
  }

  /**
   * Counts an inbound connection from {@code ip} into the handshake phase; false when {@code
   * maxHandshakes} connections, or {@code maxInboundPerIp} from that address, are already in it.
   */
  boolean beginHandshake(String ip) {
    synchronized (handshakesByIp) {
      int fromIp = handshakesByIp.getOrDefault(ip, 0);
      if (handshakes >= config.maxHandshakes() || fromIp >= config.maxInboundPerIp()) {
        return false;
      }
      handshakes++;
      handshakesByIp.put(ip, fromIp + 1);
      return true;
    }
  }

  void endHandshake(String ip) {
    synchronized (handshakesByIp) {
      handshakes--;
      handshakesByIp.computeIfPresent(ip, (k, n) -> n > 1 ? n - 1 : null);
    }
  }

  /** Registers a freshly authenticated connection; false (and closed) if refused. */
  boolean admit(PeerConnection c) {
    NodeId remote = c.remote();
    if (scores.isBanned(key(remote))) {
      c.close("peer banned");
      return false;
    }
    synchronized (peers) {
      PeerConnection existing = peers.get(remote);
      if (existing != null) {
        // Both sides keep the connection opened by the smaller node id, so simultaneous dials
        // converge on one connection.
        PeerConnection loser = initiator(existing).compareTo(initiator(c)) <= 0 ? c : existing;
        loser.close("duplicate connection");
        if (loser == c) {
          return false;
        }
      } else {
        Optional<String> refusal = isPersistent(c) ? Optional.empty() : makeRoom(c);
        if (refusal.isPresent()) {
          log.debug("{} refusing {}: {}", id(), remote, refusal.get());
          c.close(refusal.get());
          return false;
        }
      }
      c.useful(); // a newcomer starts with a full idle allowance
      peers.put(remote, c);
    }
    c.dialAddress().map(persistent::get).ifPresent(r -> r.id = remote);
    addressBook.put(remote, c.listenAddress());
    log.debug("{} connected to {} ({})", id(), remote, c.role());
    listeners.forEach(l -> l.connected(remote));
    return true;
  }

  /**
   * Whether {@code c} links us to a persistent peer: we dialed it at a persistent address, or it
   * proved the key we met at such an address, or (while we have not reached that address yet) it
   * announces one as its listen address.
   */
  private boolean isPersistent(PeerConnection c) {
    if (c.dialAddress().map(persistent::containsKey).orElse(false)) {
      return true;
    }
    for (Redial r : persistent.values()) {
      if (c.remote().equals(r.id)) {
        return true;
      }
    }
    Redial r = persistent.get(c.listenAddress());
    return r != null && r.id == null;
  }

  /**
   * Finds a slot for a stranger's new connection, evicting the longest-idle inbound stranger if the
   * inbound slots are full and it has been idle for {@code idleEvictionMillis}; returns why there
   * is none, if there is none. Called holding the {@code peers} lock.
   */
  private Optional<String> makeRoom(PeerConnection c) {
    List<PeerConnection> strangers = new ArrayList<>();
    for (PeerConnection p : peers.values()) {
      if (p.role() == c.role() && !isPersistent(p)) {
        strangers.add(p);
      }
    }
    if (c.role() == Handshake.Role.INITIATOR) {
      return strangers.size() >= config.maxOutbound()
          ? Optional.of("too many outbound peers")
          : Optional.empty();
    }
    String ip = c.remoteIp();
    String subnet = subnet(c.remoteAddress());
    long fromIp = strangers.stream().filter(p -> p.remoteIp().equals(ip)).count();
    if (fromIp >= config.maxInboundPerIp()) {
      return Optional.of("too many connections from " + ip);
    }
    long fromSubnet =
        strangers.stream().filter(p -> subnet(p.remoteAddress()).equals(subnet)).count();
    if (fromSubnet >= config.maxInboundPerSubnet()) {
      return Optional.of("too many connections from " + subnet);
    }
    if (strangers.size() < config.maxInbound()) {
      return Optional.empty();
    }
    long idleSince = now() - config.idleEvictionMillis();
    Optional<PeerConnection> idle =
        strangers.stream()
            .filter(p -> p.lastUseful() <= idleSince)
            .min(Comparator.comparingLong(PeerConnection::lastUseful));
    if (idle.isEmpty()) {
      return Optional.of("too many inbound peers");
    }
    log.debug("{} evicting idle peer {} for {}", id(), idle.get().remote(), c.remote());
    idle.get().close("evicted: idle while the inbound slots are full");
    return Optional.empty();
  }

  /** The network an address belongs to for the per-subnet limit: its IPv4 /24 or IPv6 /64. */
  static String subnet(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length == 4) {
      return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + ".0/24";
    }
    return HexFormat.of().formatHex(a, 0, 8) + "/64";
  }

  private NodeId initiator(PeerConnection c) {
    return c.role() == Handshake.Role.INITIATOR ? id() : c.remote();
  }

  void closed(PeerConnection c, boolean wasOpen) {
    NodeId remote = c.remote();
    if (wasOpen && remote != null && peers.remove(remote, c)) {
      log.debug("{} disconnected from {}", id(), remote);
      listeners.forEach(l -> l.disconnected(remote));
    }
    c.dialAddress()
        .map(persistent::get)
        .ifPresent(
            r -> {
              synchronized (r) {
                r.dialing = false;
              }
            });
  }

  /** The open connections except {@code exclude}, sorted by peer id. */
  List<PeerConnection> connections(PeerConnection exclude) {
    List<PeerConnection> all = new ArrayList<>();
    for (NodeId id : peers()) {
      PeerConnection c = peers.get(id);
      if (c != null && c != exclude) {
        all.add(c);
      }
    }
    return all;
  }

  void dispatch(PeerConnection from, Message m) {
    if (m instanceof Message.Gossip g) {
      gossip.onGossip(from, g);
    } else if (m instanceof Message.Direct d && d.protocol() == Protocols.GOSSIP_IHAVE) {
      if (d.body().length != 32) {
        penalize(from, Penalty.INVALID_MESSAGE);
      } else {
        gossip.onAnnounce(from, d.body());
      }
    } else if (m instanceof Message.Direct d) {
      DirectHandler h = directs.get(d.protocol());
      if (h == null) {
        return;
      }
      if (h.onMessage(from.remote(), d.body())) {
        from.useful();
      } else {
        penalize(from, Penalty.INVALID_MESSAGE);
      }
    } else if (m instanceof Message.Request r) {
      requestPool.execute(() -> answer(from, r));
    }
  }

  private void answer(PeerConnection from, Message.Request r) {
    RequestHandler h = requests.get(r.protocol());
    Reply reply;
    if (h == null) {
      reply = Reply.notFound();
    } else {
      try {
        reply = h.handle(from.remote(), r.body());
      } catch (RuntimeException e) {
        log.error("{} request handler {} failed", id(), r.protocol(), e);
        reply = Reply.notFound();
      }
    }
    if (reply.status() == Message.Status.BAD_REQUEST) {
      penalize(from, Penalty.INVALID_MESSAGE);
    } else if (reply.isOk()) {
      from.useful();
    }
    from.send(new Message.Response(r.id(), reply.status(), reply.body()));
  }

  // a failed dial reports through closed(), which clears the address's dialing flag
  @SuppressWarnings("FutureReturnValueIgnored")
  private void redialPersistent() {
    long now = time.millis();
    for (Map.Entry<InetSocketAddress, Redial> e : persistent.entrySet()) {
      InetSocketAddress address = e.getKey();
      Redial r = e.getValue();
      boolean connected =
          peers.values().stream()
              .anyMatch(
                  c ->
                      c.dialAddress().map(address::equals).orElse(false)
                          || address.equals(c.listenAddress()));
      synchronized (r) {
        if (connected) {
          r.delay = 0;
          continue;
        }
        if (r.dialing || now < r.next) {
          continue;
        }
        r.dialing = true;
        r.delay =
            r.delay == 0
                ? config.reconnectMinMillis()
                : Math.min(2 * r.delay, config.reconnectMaxMillis());
        r.next = now + r.delay;
      }
      log.debug("{} dialing persistent peer {}", id(), address);
      connect(address, r.expected);
    }
  }

  private PeerConnection newConnection(
      Handshake.Role role, Optional<NodeId> expected, Optional<InetSocketAddress> dial) {
    int advertised = config.advertisePort() > 0 ? config.advertisePort() : listenPort;
    Handshake hs = new Handshake(key, config.networkId(), role, advertised, expected, random);
    TokenBucket bucket = new TokenBucket(config.rateMessagesPerSecond(), config.rateBurst(), time);
    return new PeerConnection(this, hs, role, dial, bucket);
  }

  private ChannelInitializer<SocketChannel> initializer(
      Handshake.Role role, Optional<NodeId> expected, Optional<InetSocketAddress> dial) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        pipeline(newConnection(role, expected, dial)).initChannel(ch);
      }
    };
  }

  private static PipelineInit pipeline(PeerConnection conn) {
    return new PipelineInit(conn);
  }

  /**
   * Frames: a 4-byte length prefix, then at most {@link #PRE_AUTH_MAX_FRAME_BYTES} before the
   * handshake and {@code maxFrameBytes} after it (see {@link FrameDecoder}).
   */
  private static final class PipelineInit extends ChannelInitializer<SocketChannel> {
    private final PeerConnection conn;

    PipelineInit(PeerConnection conn) {
      this.conn = conn;
    }

    @Override
    public void initChannel(SocketChannel ch) {
      ch.pipeline().addLast(conn.frames()).addLast(new LengthFieldPrepender(4)).addLast(conn);
    }
  }
}
