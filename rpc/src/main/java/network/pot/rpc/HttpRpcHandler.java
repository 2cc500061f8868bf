package network.pot.rpc;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import network.pot.base.json.Json;
import network.pot.rpc.explorer.ExplorerFiles;
import network.pot.rpc.methods.RpcError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of a connection: POST is a JSON-RPC call, GET and HEAD the operator's paths ({@link
 * Operations}: {@code /metrics}, {@code /health}, {@code /health/ready}) or else the explorer's
 * files, any other method 405. Requests are answered in order through the connection's {@link
 * CallQueue}; the connection stays open when the request asks for keep-alive. A request beyond the
 * client's rate ({@link RateLimiter}) is answered 429 with a Retry-After and a JSON-RPC error, and
 * not run.
 */
final class HttpRpcHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(HttpRpcHandler.class);

  private final RpcServer server;
  private final ExplorerFiles explorer;
  private final CallQueue calls;
  private final RateLimiter limiter;

  HttpRpcHandler(RpcServer server, ExplorerFiles explorer, CallQueue calls, RateLimiter limiter) {
    this.server = server;
    this.explorer = explorer;
    this.calls = calls;
    this.limiter = limiter;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    if (!req.decoderResult().isSuccess()) {
      reply(ctx, status(HttpResponseStatus.BAD_REQUEST), false);
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    InetAddress client = clientAddress(ctx);
    if (!limiter.tryAcquire(client)) {
      FullHttpResponse r = tooManyRequests(limiter.retryAfterSeconds(client));
      calls.submit(() -> reply(ctx, r, keepAlive));
      return;
    }
    HttpMethod method = req.method();
    if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
      String path = rawPath(req.uri());
      boolean head = HttpMethod.HEAD.equals(method);
      Operations ops = server.operations();
      if (ops != null && OPERATIONS.contains(path)) {
        calls.submit(() -> reply(ctx, operationsReply(ops, path, head), keepAlive));
        return;
      }
      calls.submit(() -> reply(ctx, explorerReply(path, head), keepAlive));
    } else if (HttpMethod.POST.equals(method)) {
      byte[] body = ByteBufUtil.getBytes(req.content());
      calls.submit(
          () -> {
            byte[] json = Json.write(server.respond(body)).getBytes(StandardCharsets.UTF_8);
            FullHttpResponse r =
                new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(json));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            reply(ctx, r, keepAlive);
          });
    } else {
      FullHttpResponse r = status(HttpResponseStatus.METHOD_NOT_ALLOWED);
      r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD, POST");
      calls.submit(() -> reply(ctx, r, keepAlive));
    }
  }

  static InetAddress clientAddress(ChannelHandlerContext ctx) {
    return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
  }

  /** 429 with a JSON-RPC error (id null: the request was not read) and a Retry-After. */
  private static FullHttpResponse tooManyRequests(long retryAfterSeconds) {
    byte[] json =
        Json.write(RpcServer.error(null, RpcError.LIMIT_EXCEEDED, RateLimiter.REFUSED))
            .getBytes(StandardCharsets.UTF_8);
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.TOO_MANY_REQUESTS,
            Unpooled.wrappedBuffer(json));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    r.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds));
    return r;
  }

  /** The request target's raw path (no query); "" when it has none or does not parse. */
  private static String rawPath(String uri) {
    try {
      String p = new URI(uri).getRawPath();
      return p == null ? "" : p;
    } catch (URISyntaxException e) {
      return "";
    }
  }

  /** The operator's paths, served before the explorer's files. */
  private static final java.util.Set<String> OPERATIONS =
      java.util.Set.of("/metrics", "/health", "/health/ready");

  private static FullHttpResponse operationsReply(Operations ops, String path, boolean head) {
    byte[] body;
    HttpResponseStatus status = HttpResponseStatus.OK;
    String type;
    if (path.equals("/metrics")) {
      body = ops.metrics().getBytes(StandardCharsets.UTF_8);
      type = "text/plain; version=0.0.4; charset=utf-8";
    } else {
      Operations.Health h = ops.health();
      boolean ok = path.equals("/health") ? h.live() : h.ready();
      status = ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE;
      body = Json.write(h.body()).getBytes(StandardCharsets.UTF_8);
      type = "application/json";
    }
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            status,
            head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    HttpUtil.setContentLength(r, body.length);
    return r;
  }

  private FullHttpResponse explorerReply(String path, boolean head) {
    ExplorerFiles.Reply x = explorer.get(path);
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(x.status()),
            head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(x.body()));
    for (Map.Entry<String, String> h : x.headers().entrySet()) {
      r.headers().add(h.getKey(), h.getValue());
    }
    if (head) {
      HttpUtil.setContentLength(r, x.body().length);
    }
    return r;
  }

  private static FullHttpResponse status(HttpResponseStatus status) {
    return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
  }

  /** Sends {@code r}, then keeps the connection or closes it. */
  private static void reply(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive) {
    if (!r.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      HttpUtil.setContentLength(r, r.content().readableBytes());
    }
    if (keepAlive) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      var unused = ctx.writeAndFlush(r);
    } else {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      var unused = ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("RPC connection {} failed", ctx.channel(), cause);
    var unused = ctx.close();
  }
}
