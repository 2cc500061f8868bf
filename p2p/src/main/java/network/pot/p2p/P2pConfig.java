package network.pot.p2p;

/**
 * Every tunable of the p2p layer, with its default in {@link Builder}. Immutable; {@link
 * #toBuilder()} gives a builder for a changed copy.
 *
 * @param networkId 32 bytes naming the network; nodes of different networks refuse each other
 * @param host the address to listen on
 * @param port the TCP port to listen on (0 = an ephemeral port)
 * @param maxFrameBytes the largest frame accepted from an authenticated peer; a bigger length
 *     prefix disconnects and bans it (before the handshake the limit is {@link
 *     P2pNode#PRE_AUTH_MAX_FRAME_BYTES})
 * @param rateMessagesPerSecond per-peer sustained message rate
 * @param rateBurst per-peer burst of messages above the rate
 * @param gossipFanout how many peers a gossip message is sent or relayed to
 * @param banMillis how long a misbehaving peer stays banned
 * @param scoreRecoveryPerSecond penalty points a peer regains per second
 * @param handshakeTimeoutMillis a connection that has not authenticated by then is closed
 * @param requestTimeoutMillis a request not answered by then fails (and the peer is penalized)
 * @param seenCapacity how many gossip hashes are remembered for dedup
 * @param seenTtlMillis how long a gossip hash is remembered
 * @param reconnectMinMillis first delay before redialing a lost persistent peer (doubles up to max)
 * @param reconnectMaxMillis longest delay between redials
 * @param maxInbound authenticated connections other nodes opened to us, persistent peers not
 *     counted; a stranger beyond it is refused unless an idle one can be evicted
 * @param maxOutbound authenticated connections we opened, persistent peers not counted
 * @param maxInboundPerIp inbound connections from one IP address (persistent peers not counted),
 *     also the limit of its connections still in the handshake
 * @param maxInboundPerSubnet inbound connections from one IPv4 /24 or IPv6 /64 (persistent peers
 *     not counted)
 * @param maxHandshakes inbound connections still in the handshake at once
 * @param idleEvictionMillis when the inbound slots are full, a stranger that has sent nothing
 *     useful for this long gives its slot to a newcomer
 * @param advertisePort the port peers are told to dial back (what a NAT forwards to the listen
 *     port); 0 for the port the node listens on. The host is the address peers see us at.
 */
public record P2pConfig(
    // copied in and out; configurations are never compared by value
    @SuppressWarnings("ArrayRecordComponent") byte[] networkId,
    String host,
    int port,
    int maxFrameBytes,
    double rateMessagesPerSecond,
    double rateBurst,
    int gossipFanout,
    long banMillis,
    double scoreRecoveryPerSecond,
    long handshakeTimeoutMillis,
    long requestTimeoutMillis,
    int seenCapacity,
    long seenTtlMillis,
    long reconnectMinMillis,
    long reconnectMaxMillis,
    int maxInbound,
    int maxOutbound,
    int maxInboundPerIp,
    int maxInboundPerSubnet,
    int maxHandshakes,
    long idleEvictionMillis,
    int advertisePort) {

  public P2pConfig {
    networkId = networkId.clone();
    if (networkId.length != 32) {
      throw new IllegalArgumentException("network id must be 32 bytes");
    }
    if (maxFrameBytes < 1024) {
      throw new IllegalArgumentException("max frame must be at least 1 KiB");
    }
    if (port < 0 || port > 65535 || gossipFanout < 1 || reconnectMinMillis < 1) {
      throw new IllegalArgumentException("bad port, fanout or reconnect delay");
    }
    atLeast("maxInbound", maxInbound, 0);
    atLeast("maxOutbound", maxOutbound, 0);
    atLeast("maxInboundPerIp", maxInboundPerIp, 1);
    atLeast("maxInboundPerSubnet", maxInboundPerSubnet, maxInboundPerIp);
    atLeast("maxHandshakes", maxHandshakes, 1);
    atLeast("idleEvictionMillis", idleEvictionMillis, 1);
    if (advertisePort < 0 || advertisePort > 65535) {
      throw new IllegalArgumentException("bad advertised port " + advertisePort);
    }
  }

  private static void atLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
    }
  }

  /** Defaults for a network: loopback, ephemeral port, 4 MiB frames, 5,000 msg/s per peer. */
  public static P2pConfig defaults(byte[] networkId) {
    return builder(networkId).build();
  }

  /** A builder holding the defaults. */
  public static Builder builder(byte[] networkId) {
    return new Builder(networkId);
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder(networkId);
    b.host = host;
    b.port = port;
    b.maxFrameBytes = maxFrameBytes;
    b.rateMessagesPerSecond = rateMessagesPerSecond;
    b.rateBurst = rateBurst;
    b.gossipFanout = gossipFanout;
    b.banMillis = banMillis;
    b.scoreRecoveryPerSecond = scoreRecoveryPerSecond;
    b.handshakeTimeoutMillis = handshakeTimeoutMillis;
    b.requestTimeoutMillis = requestTimeoutMillis;
    b.seenCapacity = seenCapacity;
    b.seenTtlMillis = seenTtlMillis;
    b.reconnectMinMillis = reconnectMinMillis;
    b.reconnectMaxMillis = reconnectMaxMillis;
    b.maxInbound = maxInbound;
    b.maxOutbound = maxOutbound;
    b.maxInboundPerIp = maxInboundPerIp;
    b.maxInboundPerSubnet = maxInboundPerSubnet;
    b.maxHandshakes = maxHandshakes;
    b.idleEvictionMillis = idleEvictionMillis;
    b.advertisePort = advertisePort;
    return b;
  }

  @Override
  public byte[] networkId() {
    return networkId.clone();
  }

  /** Collects settings; {@link #build()} validates them. */
  public static final class Builder {
    private byte[] networkId;
    private String host = "127.0.0.1";
    private int port = 0;
    private int maxFrameBytes = 4 << 20;
    private double rateMessagesPerSecond = 5_000;
    private double rateBurst = 10_000;
    private int gossipFanout = 8;
    private long banMillis = 600_000;
    private double scoreRecoveryPerSecond = 1.0;
    private long handshakeTimeoutMillis = 5_000;
    private long requestTimeoutMillis = 10_000;
    private int seenCapacity = 100_000;
    private long seenTtlMillis = 120_000;
    private long reconnectMinMillis = 250;
    private long reconnectMaxMillis = 30_000;
    private int maxInbound = 40;
    private int maxOutbound = 16;
    private int maxInboundPerIp = 8;
    private int maxInboundPerSubnet = 16;
    private int advertisePort = 0;
    private int maxHandshakes = 64;
    private long idleEvictionMillis = 300_000;

    private Builder(byte[] networkId) {
      this.networkId = networkId.clone();
    }

    public Builder networkId(byte[] id) {
      this.networkId = id.clone();
      return this;
    }

    public Builder listen(String newHost, int newPort) {
      this.host = newHost;
      this.port = newPort;
      return this;
    }

    public Builder maxFrameBytes(int bytes) {
      this.maxFrameBytes = bytes;
      return this;
    }

    public Builder rateLimit(double perSecond, double burst) {
      this.rateMessagesPerSecond = perSecond;
      this.rateBurst = burst;
      return this;
    }

    public Builder gossipFanout(int fanout) {
      this.gossipFanout = fanout;
      return this;
    }

    public Builder ban(long millis, double recoveryPerSecond) {
      this.banMillis = millis;
      this.scoreRecoveryPerSecond = recoveryPerSecond;
      return this;
    }

    public Builder timeouts(long handshakeMillis, long requestMillis) {
      this.handshakeTimeoutMillis = handshakeMillis;
      this.requestTimeoutMillis = requestMillis;
      return this;
    }

    public Builder seen(int capacity, long ttlMillis) {
      this.seenCapacity = capacity;
      this.seenTtlMillis = ttlMillis;
      return this;
    }

    public Builder reconnect(long minMillis, long maxMillis) {
      this.reconnectMinMillis = minMillis;
      this.reconnectMaxMillis = maxMillis;
      return this;
    }

    /** Inbound connections from strangers (default 40); persistent peers come on top. */
    public Builder maxInbound(int max) {
      this.maxInbound = max;
      return this;
    }

    /** Outbound connections to strangers (default 16); persistent peers come on top. */
    public Builder maxOutbound(int max) {
      this.maxOutbound = max;
      return this;
    }

    /**
     * Inbound connections from strangers at one IP address (default 8) and in one IPv4 /24 or IPv6
     * /64 (default 16, at least {@code perIp}).
     */
    public Builder maxInboundPerAddress(int perIp, int perSubnet) {
      this.maxInboundPerIp = perIp;
      this.maxInboundPerSubnet = perSubnet;
      return this;
    }

    /** The port peers are told to dial back; 0 (the default) for the listen port. */
    public Builder advertisePort(int port) {
      this.advertisePort = port;
      return this;
    }

    /** Inbound connections still in the handshake at once (default 64). */
    public Builder maxHandshakes(int max) {
      this.maxHandshakes = max;
      return this;
    }

    /**
     * How long a stranger may send nothing useful before it gives its inbound slot to a newcomer,
     * when the slots are full (default 5 minutes).
     */
    public Builder idleEviction(long millis) {
      this.idleEvictionMillis = millis;
      return this;
    }

    public P2pConfig build() {
      return new P2pConfig(
          networkId,
          host,
          port,
          maxFrameBytes,
          rateMessagesPerSecond,
          rateBurst,
          gossipFanout,
          banMillis,
          scoreRecoveryPerSecond,
          handshakeTimeoutMillis,
          requestTimeoutMillis,
          seenCapacity,
          seenTtlMillis,
          reconnectMinMillis,
          reconnectMaxMillis,
          maxInbound,
          maxOutbound,
          maxInboundPerIp,
          maxInboundPerSubnet,
          maxHandshakes,
          idleEvictionMillis,
          advertisePort);
    }
  }
}
