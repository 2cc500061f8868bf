package network.pot.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import network.pot.base.json.Json;
import network.pot.rpc.methods.RpcError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection: each text (or binary) message is a JSON-RPC request, answered with one
 * message; {@code pot_subscribe} and {@code pot_unsubscribe} manage this connection's
 * subscriptions, whose notifications it sends. A message that is not JSON gets a parse error, not a
 * closed socket. A message beyond the client's rate ({@link RateLimiter}, shared with its HTTP
 * calls) is answered with a {@code -32005} error and not run. A subscriber that reads too slowly
 * (the outbound buffer passes its high water mark) is closed with 1008; on close its subscriptions
 * end.
 */
final class WebSocketSession extends SimpleChannelInboundHandler<WebSocketFrame> {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketSession.class);

  /** Most subscriptions one connection may hold. */
  static final int MAX_SUBSCRIPTIONS = 64;

  private final RpcServer server;
  private final Subscriptions subscriptions;
  private final CallQueue calls;
  private final RateLimiter limiter;
  private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
  private volatile Channel channel;

  WebSocketSession(
      RpcServer server, Subscriptions subscriptions, CallQueue calls, RateLimiter limiter) {
    this.server = server;
    this.subscriptions = subscriptions;
    this.calls = calls;
    this.limiter = limiter;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
      byte[] message = ByteBufUtil.getBytes(frame.content());
      if (limiter.tryAcquire(HttpRpcHandler.clientAddress(ctx))) {
        calls.submit(() -> handle(message));
      } else {
        calls.submit(() -> refuse(message));
      }
    }
    // ping, pong and close frames are the protocol handler's
  }

  /** Answers a message beyond the client's rate with a limit error (its id, when it has one). */
  private void refuse(byte[] message) {
    JsonNode id = null;
    try {
      JsonNode req = Json.mapper().readTree(message);
      id = req != null && req.isObject() ? req.get("id") : null;
    } catch (IOException notJson) {
      // answered with a null id
    }
    send(RpcServer.error(id, RpcError.LIMIT_EXCEEDED, RateLimiter.REFUSED));
  }

  private void handle(byte[] message) {
    JsonNode req;
    try {
      req = Json.mapper().readTree(message);
    } catch (IOException e) {
      send(RpcServer.error(null, RpcError.PARSE_ERROR, "parse error: " + e.getMessage()));
      return;
    }
    String method = req == null ? null : req.path("method").asText(null);
    if (req != null && req.isObject() && RpcServer.SOCKET_METHODS.contains(method)) {
      JsonNode id = req.get("id");
      JsonNode params = req.path("params");
      try {
        if (Subscriptions.SUBSCRIBE.equals(method)) {
          if (subscribed.size() >= MAX_SUBSCRIPTIONS) {
            throw new RpcError(
                RpcError.SERVER_ERROR,
                "a connection holds at most " + MAX_SUBSCRIPTIONS + " subscriptions");
          }
          Subscriptions.Started s = subscriptions.subscribe(this, params);
          send(RpcServer.result(id, Json.mapper().getNodeFactory().textNode(s.id())));
          s.activate().run(); // after the answer: its notifications follow it
        } else {
          String sub = params.path("subscription").asText("");
          boolean mine = subscribed.contains(sub);
          if (mine) {
            subscriptions.unsubscribe(sub);
          }
          send(RpcServer.result(id, Json.mapper().getNodeFactory().booleanNode(mine)));
        }
      } catch (RpcError e) {
        send(RpcServer.error(id, e.code(), e.getMessage()));
      } catch (RuntimeException e) {
        send(RpcServer.error(id, RpcError.INTERNAL_ERROR, "internal error: " + e));
      }
      return;
    }
    send(server.respond(req));
  }

  void added(String id) {
    subscribed.add(id);
  }

  void removed(String id) {
    subscribed.remove(id);
  }

  /** Sends an answer (always queued: the client asked for it). */
  private void send(JsonNode message) {
    Channel ch = channel;
    if (ch != null && ch.isActive()) {
      var unused = ch.writeAndFlush(new TextWebSocketFrame(Json.write(message)));
    }
  }

  /**
   * Sends a notification; a connection whose outbound buffer is full is closed (policy violation)
   * rather than buffered without end. Returns whether it was sent.
   */
  boolean notify(JsonNode message) {
    Channel ch = channel;
    if (ch == null || !ch.isActive()) {
      return false;
    }
    if (!ch.isWritable()) {
      LOG.info("closing WebSocket {}: it does not read its notifications", ch);
      var unused =
          ch.writeAndFlush(
                  new CloseWebSocketFrame(
                      WebSocketCloseStatus.POLICY_VIOLATION, "too slow a reader"))
              .addListener(ChannelFutureListener.CLOSE);
      subscriptions.dropAll(this, Set.copyOf(subscribed));
      return false;
    }
    var unused = ch.writeAndFlush(new TextWebSocketFrame(Json.write(message)));
    return true;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    subscriptions.dropAll(this, Set.copyOf(subscribed));
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("WebSocket {} failed", ctx.channel(), cause);
    var unused = ctx.close();
  }
}
