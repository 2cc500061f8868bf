package network.pot.p2p;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.AEADBadTagException;
import network.pot.p2p.crypto.Handshake;
import network.pot.p2p.crypto.NodeId;
import network.pot.p2p.crypto.SessionCipher;
import network.pot.p2p.peer.Penalty;
import network.pot.p2p.peer.TokenBucket;
import network.pot.p2p.wire.MalformedMessageException;
import network.pot.p2p.wire.Message;
import network.pot.p2p.wire.MessageCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection to a peer: runs the {@link Handshake}, then seals and opens every frame with
 * the session ciphers, enforces the peer's rate limit and hands decoded messages to the {@link
 * P2pNode}. Any garbage (an oversize frame, a frame that fails authentication, an undecodable
 * message) closes the connection and penalizes the peer.
 *
 * <p>Before the handshake completes the peer has proven no key, and its IP address may be shared by
 * many honest nodes (one host, one NAT): a malformed hello or an oversize frame then closes this
 * connection only, and scores nobody.
 */
final class PeerConnection extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(PeerConnection.class);

  private enum State {
    HELLO,
    AUTH,
    OPEN,
    CLOSED
  }

  private final P2pNode node;
  private final Handshake handshake;
  private final Handshake.Role role;
  private final Optional<InetSocketAddress> dialAddress;
  private final CompletableFuture<NodeId> authenticated = new CompletableFuture<>();
  private final Map<Long, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextRequestId = new AtomicLong();
  private final TokenBucket bucket;
  private final FrameDecoder frames;

  private volatile State state = State.HELLO;
  private volatile Channel channel;
  private volatile NodeId remote;
  private volatile int remoteListenPort;
  private volatile long lastUseful;
  private String handshakeIp; // event loop only: the address counted in the handshake limit
  private SessionCipher sender;
  private boolean flushScheduled; // event loop only
  private SessionCipher receiver;

  PeerConnection(
      P2pNode node,
      Handshake handshake,
      Handshake.Role role,
      Optional<InetSocketAddress> dialAddress,
      TokenBucket bucket) {
    this.node = node;
    this.handshake = handshake;
    this.role = role;
    this.dialAddress = dialAddress;
    this.bucket = bucket;
    this.frames = new FrameDecoder(P2pNode.PRE_AUTH_MAX_FRAME_BYTES, node.config().maxFrameBytes());
  }

  /** The decoder that frames this connection's bytes; it goes first in the pipeline. */
  FrameDecoder frames() {
    return frames;
  }

  Handshake.Role role() {
    return role;
  }

  NodeId remote() {
    return remote;
  }

  Optional<InetSocketAddress> dialAddress() {
    return dialAddress;
  }

  /** The peer's IP address, as the socket sees it. */
  InetAddress remoteAddress() {
    return ((InetSocketAddress) channel.remoteAddress()).getAddress();
  }

  /** The peer sent something useful: it is not idle (see {@link P2pNode}'s eviction rule). */
  void useful() {
    lastUseful = node.now();
  }

  /** When the peer last sent something useful, by the node's clock. */
  long lastUseful() {
    return lastUseful;
  }

  /** The address the peer listens on: its IP plus the port its hello announced. */
  InetSocketAddress listenAddress() {
    InetSocketAddress a = (InetSocketAddress) channel.remoteAddress();
    return new InetSocketAddress(a.getAddress(), remoteListenPort);
  }

  CompletableFuture<NodeId> authenticated() {
    return authenticated;
  }

  /** The scoring key: the node id once known, else the remote IP. */
  String scoreKey() {
    NodeId r = remote;
    return r != null ? P2pNode.key(r) : P2pNode.key(remoteIp());
  }

  String remoteIp() {
    Channel c = channel;
    return c == null || c.remoteAddress() == null
        ? "unknown"
        : ((InetSocketAddress) c.remoteAddress()).getAddress().getHostAddress();
  }

  // a failed write closes the channel (channelInactive); the timeout task cannot fail
  @SuppressWarnings("FutureReturnValueIgnored")
  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    // An address ban (only ever set by hand, PeerScores.ban: a failed handshake scores no one)
    // keeps strangers at that address out; it does not stop this node from dialing a peer it chose
    // (many honest nodes can share one address: one host, one NAT), and once a peer proves its key,
    // only that key's own score counts.
    if (role == Handshake.Role.RESPONDER) {
      String ip = remoteIp();
      if (node.isBanned(P2pNode.key(ip))) {
        close("address banned");
        return;
      }
      // Inbound handshakes share a bounded number of slots; the ones we dial ourselves do not
      // take any, so strangers holding them cannot stop us from reaching our persistent peers.
      if (!node.beginHandshake(ip)) {
        close("too many handshakes in progress");
        return;
      }
      handshakeIp = ip;
    }
    ctx.writeAndFlush(Unpooled.wrappedBuffer(handshake.hello()));
    ctx.executor()
        .schedule(
            () -> {
              if (state != State.OPEN) {
                fail(new TimeoutException("handshake timed out"));
              }
            },
            node.config().handshakeTimeoutMillis(),
            TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    byte[] frame;
    ByteBuf buf = (ByteBuf) msg;
    try {
      frame = ByteBufUtil.getBytes(buf);
    } finally {
      buf.release();
    }
    switch (state) {
      case HELLO -> onHello(frame);
      case AUTH -> onAuth(frame);
      case OPEN -> onFrame(frame);
      case CLOSED -> {}
    }
  }

  // a failed write closes the channel, which channelInactive handles
  @SuppressWarnings("FutureReturnValueIgnored")
  private void onHello(byte[] frame) {
    Handshake.Step step = handshake.onHello(frame);
    if (step.failed()) {
      handshakeFailed(step.failure().get());
      return;
    }
    if (node.isBanned(P2pNode.key(handshake.claimedRemote()))) {
      close("peer banned"); // refused before we prove who we are
      return;
    }
    state = State.AUTH;
    channel.writeAndFlush(Unpooled.wrappedBuffer(handshake.auth()));
  }

  private void onAuth(byte[] frame) {
    Handshake.Step step = handshake.onAuth(frame);
    if (step.failed()) {
      handshakeFailed(step.failure().get());
      return;
    }
    Handshake.Session s = step.session().orElseThrow();
    frames.authenticated();
    sender = s.sender();
    receiver = s.receiver();
    remote = s.remote();
    remoteListenPort = s.remoteListenPort();
    state = State.OPEN;
    endHandshake();
    if (node.admit(this)) {
      authenticated.complete(remote);
    }
  }

  /**
   * Closes the connection and nothing more: the peer's key is not proven, so there is no one to
   * score but an IP address, which one bad client may share with many honest nodes.
   */
  private void handshakeFailed(Handshake.Failure failure) {
    log.debug("{} handshake with {} failed: {}", node.id(), remoteIp(), failure);
    fail(new HandshakeException(failure));
  }

  private void onFrame(byte[] frame) {
    byte[] plain;
    try {
      // opened even when over the rate limit, to keep the nonce sequence in step
      plain = receiver.open(frame);
    } catch (AEADBadTagException e) {
      garbage("frame failed authentication");
      return;
    }
    Message m;
    try {
      m = MessageCodec.decode(plain);
    } catch (MalformedMessageException e) {
      garbage(e.getMessage());
      return;
    }
    if (m instanceof Message.Response r) {
      // answers to our own requests are not rate limited: we asked for them
      CompletableFuture<Reply> f = pending.remove(r.id());
      if (f != null) {
        useful();
        f.complete(new Reply(r.status(), r.body()));
        return;
      }
    }
    if (!bucket.tryTake(1)) {
      node.penalize(this, Penalty.RATE_LIMITED);
      return; // dropped
    }
    node.dispatch(this, m);
  }

  /** Sends a message; silently dropped when the connection is closed. */
  // a failed write closes the channel, which channelInactive handles
  @SuppressWarnings("FutureReturnValueIgnored")
  void send(Message m) {
    byte[] plain = MessageCodec.encode(m);
    if (SessionCipher.sealedLength(plain.length) > node.config().maxFrameBytes()) {
      throw new IllegalArgumentException(
          "message of " + plain.length + " bytes exceeds the frame limit");
    }
    if (state != State.OPEN) {
      return;
    }
    // Seal inside the channel's event loop: tasks run in submission order, so nonce order equals
    // wire order whichever thread sends. One flush task follows a run of writes, so a burst of
    // small messages leaves in few system calls.
    channel
        .eventLoop()
        .execute(
            () -> {
              if (state != State.OPEN) {
                return;
              }
              channel.write(Unpooled.wrappedBuffer(sender.seal(plain)));
              if (!flushScheduled) {
                flushScheduled = true;
                channel.eventLoop().execute(this::flush);
              }
            });
  }

  private void flush() {
    flushScheduled = false;
    channel.flush();
  }

  /** Whether the socket's outbound buffer has room (for senders that want backpressure). */
  boolean isWritable() {
    Channel c = channel;
    return c != null && c.isWritable();
  }

  // the timeout task only completes the request's own future, which the caller holds
  @SuppressWarnings("FutureReturnValueIgnored")
  CompletableFuture<Reply> request(int protocol, byte[] body) {
    long id = nextRequestId.incrementAndGet();
    CompletableFuture<Reply> f = new CompletableFuture<>();
    pending.put(id, f);
    channel
        .eventLoop()
        .schedule(
            () -> {
              if (pending.remove(id) != null) {
                node.penalize(this, Penalty.TIMEOUT);
                f.completeExceptionally(
                    new TimeoutException("request to " + remote + " timed out"));
              }
            },
            node.config().requestTimeoutMillis(),
            TimeUnit.MILLISECONDS);
    send(new Message.Request(id, protocol, body));
    if (state != State.OPEN && pending.remove(id) != null) {
      f.completeExceptionally(new IOException("connection to " + remote + " closed"));
    }
    return f;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    boolean tooLong =
        cause instanceof TooLongFrameException || cause.getCause() instanceof TooLongFrameException;
    if (tooLong && state == State.OPEN) {
      garbage("oversize frame");
    } else if (tooLong) {
      log.debug("{} closing {}: oversize frame before authentication", node.id(), remoteIp());
      fail(new MalformedMessageException("oversize frame before authentication"));
    } else {
      log.debug("{} connection to {} failed: {}", node.id(), remoteIp(), cause.toString());
      fail(cause);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    fail(new IOException("connection closed"));
  }

  private void garbage(String why) {
    log.info("{} peer {} sent garbage ({}): disconnecting", node.id(), scoreKey(), why);
    node.penalize(this, Penalty.GARBAGE);
    fail(new MalformedMessageException(why));
  }

  private void endHandshake() {
    if (handshakeIp != null) {
      node.endHandshake(handshakeIp);
      handshakeIp = null;
    }
  }

  /** Closes the connection for a reason that is not the peer's fault. */
  void close(String why) {
    fail(new IOException(why));
  }

  // closing is best effort: the connection is already marked closed
  @SuppressWarnings("FutureReturnValueIgnored")
  private void fail(Throwable cause) {
    boolean wasOpen;
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      wasOpen =
          state == State.OPEN
              && authenticated.isDone()
              && !authenticated.isCompletedExceptionally();
      state = State.CLOSED;
    }
    if (channel != null) {
      if (channel.eventLoop().inEventLoop()) {
        endHandshake();
      } else {
        channel.eventLoop().execute(this::endHandshake);
      }
    }
    authenticated.completeExceptionally(cause);
    for (CompletableFuture<Reply> f : pending.values()) {
      f.completeExceptionally(new IOException("connection closed: " + cause.getMessage()));
    }
    pending.clear();
    if (channel != null) {
      channel.close();
    }
    node.closed(this, wasOpen);
  }
}
