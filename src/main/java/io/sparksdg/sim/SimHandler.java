package io.sparksdg.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one connection: routes requests, injects faults, delays answers on the event loop without
 * blocking a thread, and keeps the in-flight count exact by releasing every request once, when its
 * response is written or its connection closes. One instance per channel; all its state is touched
 * only on the channel's event loop.
 */
final class SimHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(SimHandler.class);
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
  private static final long RESET_AFTER_PARTIAL_BODY_MILLIS = 20;

  /** One request between "read in full" and "answered or connection gone". */
  private static final class Pending {}

  private final SimState state;
  private final Set<Pending> pending = new HashSet<>();

  SimHandler(SimState state) {
    this.state = state;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (!request.decoderResult().isSuccess()) {
      send(
          ctx,
          null,
          HttpResponseStatus.BAD_REQUEST,
          error("Malformed HTTP request"),
          false,
          Map.of());
      return;
    }
    String path = new QueryStringDecoder(request.uri()).path();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    HttpMethod method = request.method();
    if (SimBatches.handles(path)) {
      batch(ctx, request, method, path, keepAlive);
      return;
    }
    switch (path) {
      case "/v1/chat/completions", "/chat/completions" -> {
        if (allowed(ctx, method, HttpMethod.POST, keepAlive)) {
          chat(ctx, request, keepAlive);
        }
      }
      case "/sim/stats/reset" -> {
        if (allowed(ctx, method, HttpMethod.POST, keepAlive)) {
          state.resetWindow();
          send(ctx, null, HttpResponseStatus.OK, Json.bytes(state.stats()), keepAlive, Map.of());
        }
      }
      case "/sim/revoke" -> {
        if (allowed(ctx, method, HttpMethod.POST, keepAlive)) {
          revoke(ctx, request, keepAlive);
        }
      }
      case "/health", "/v1/models", "/models", "/metrics", "/sim/stats", "/sim/requests" -> {
        if (allowed(ctx, method, HttpMethod.GET, keepAlive)) {
          get(ctx, path, keepAlive);
        }
      }
      default ->
          send(
              ctx,
              null,
              HttpResponseStatus.NOT_FOUND,
              Json.error("[simulated] No route for " + path, "not_found_error"),
              keepAlive,
              Map.of());
    }
  }

  /** Whether the route's method is the one it takes; answers 405 when not. */
  private boolean allowed(
      ChannelHandlerContext ctx, HttpMethod method, HttpMethod expected, boolean keepAlive) {
    if (method.equals(expected)) {
      return true;
    }
    notAllowed(ctx, keepAlive, expected.name());
    return false;
  }

  /** {@code POST /sim/revoke}: the request's key is refused from now on. */
  private void revoke(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) {
    int position = state.revoke(request.headers().get(HttpHeaderNames.AUTHORIZATION));
    ObjectNode answer = Json.object();
    answer.put("revoked", position);
    send(
        ctx,
        null,
        position > 0 ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND,
        Json.bytes(answer),
        keepAlive,
        Map.of());
  }

  private void batch(
      ChannelHandlerContext ctx,
      FullHttpRequest http,
      HttpMethod method,
      String path,
      boolean keepAlive) {
    if (!state.authorized(http.headers().get(HttpHeaderNames.AUTHORIZATION))) {
      send(
          ctx,
          null,
          HttpResponseStatus.UNAUTHORIZED,
          Json.error("[simulated] Missing or wrong API key", "authentication_error"),
          keepAlive,
          Map.of());
      return;
    }
    SimBatches.Reply reply = state.batches().handle(method, path, http);
    send(
        ctx,
        null,
        reply.status(),
        reply.body(),
        keepAlive,
        Map.of("content-type", reply.contentType()));
  }

  private void chat(ChannelHandlerContext ctx, FullHttpRequest http, boolean keepAlive) {
    Pending token = new Pending();
    pending.add(token);
    state.enter();
    state.countRequest();
    if (!state.authorized(http.headers().get(HttpHeaderNames.AUTHORIZATION))) {
      state.countRejected();
      LOG.debug("Rejected a chat request without the required API key");
      send(
          ctx,
          token,
          HttpResponseStatus.UNAUTHORIZED,
          Json.error(
              "[simulated] Missing or wrong API key: send 'Authorization: Bearer <key>'",
              "authentication_error"),
          keepAlive,
          Map.of("www-authenticate", "Bearer"));
      return;
    }
    SimRequest request;
    try {
      request = SimRequest.parse(ByteBufUtil.getBytes(http.content()));
    } catch (IllegalArgumentException e) {
      state.countRejected();
      send(ctx, token, HttpResponseStatus.BAD_REQUEST, error(e.getMessage()), keepAlive, Map.of());
      return;
    }
    int attempt = state.recordAttempt(request);
    state
        .slots()
        .admit(
            state.delayNanos(request, attempt),
            ctx.executor(),
            () -> answer(ctx, token, request, attempt, keepAlive));
  }

  /** 400, or the 4xx status a marker ends with ({@code NOT-FOUND-404} answers 404). */
  static HttpResponseStatus rejectStatus(String marker) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("-(4\\d\\d)$").matcher(marker);
    return m.find()
        ? HttpResponseStatus.valueOf(Integer.parseInt(m.group(1)))
        : HttpResponseStatus.BAD_REQUEST;
  }

  private void answer(
      ChannelHandlerContext ctx,
      Pending token,
      SimRequest request,
      int attempt,
      boolean keepAlive) {
    if (!pending.contains(token)) {
      return; // the connection closed while we waited
    }
    String marker = request.rejectMarkerIn(state.options().faults().rejectMarkers());
    if (marker != null) {
      state.countRejected();
      LOG.debug("Rejected a request for {} (reject marker), attempt {}", request.model(), attempt);
      send(
          ctx,
          token,
          rejectStatus(marker),
          error("The last user message contains the reject marker '" + marker + "'"),
          keepAlive,
          Map.of());
      return;
    }
    FaultKind fault = state.fault(request, attempt);
    LOG.debug("Answering {} attempt {} with {}", request.model(), attempt, fault);
    if (fault != FaultKind.NONE) {
      state.countFaulted();
    }
    if (fault == FaultKind.NONE) {
      ok(ctx, token, request, attempt, keepAlive);
    } else {
      fault(ctx, token, request, attempt, keepAlive, fault);
    }
  }

  private void ok(
      ChannelHandlerContext ctx,
      Pending token,
      SimRequest request,
      int attempt,
      boolean keepAlive) {
    byte[] reply;
    try {
      reply = state.reply(request, attempt);
    } catch (RuntimeException e) {
      LOG.error("The simulator failed to build a reply for {}", request.model(), e);
      send(
          ctx,
          token,
          HttpResponseStatus.INTERNAL_SERVER_ERROR,
          error("Simulator bug: " + e),
          false,
          Map.of());
      return;
    }
    state.countOk();
    send(ctx, token, HttpResponseStatus.OK, reply, keepAlive, Map.of());
  }

  /** The injected fault's answer (or none: a stall, a reset). */
  private void fault(
      ChannelHandlerContext ctx,
      Pending token,
      SimRequest request,
      int attempt,
      boolean keepAlive,
      FaultKind fault) {
    switch (fault) {
      case NONE -> throw new IllegalArgumentException("not a fault");
      case RATE_LIMITED ->
          send(
              ctx,
              token,
              HttpResponseStatus.TOO_MANY_REQUESTS,
              Json.error("[simulated] Rate limit reached, retry later", "rate_limit_error"),
              keepAlive,
              retryAfter(request, attempt));
      case SERVER_ERROR ->
          send(
              ctx,
              token,
              HttpResponseStatus.INTERNAL_SERVER_ERROR,
              Json.error("[simulated] Internal server error", "server_error"),
              keepAlive,
              Map.of());
      case UNAVAILABLE ->
          send(
              ctx,
              token,
              HttpResponseStatus.SERVICE_UNAVAILABLE,
              Json.error("[simulated] Model is overloaded or loading", "server_error"),
              keepAlive,
              Map.of());
      case RESET_BEFORE_HEADERS -> reset(ctx);
      case RESET_MID_BODY -> resetMidBody(ctx, state.reply(request, attempt));
      case MALFORMED_BODY -> {
        byte[] reply = state.reply(request, attempt);
        byte[] truncated = java.util.Arrays.copyOf(reply, Math.max(1, reply.length / 2));
        send(ctx, token, HttpResponseStatus.OK, truncated, keepAlive, Map.of());
      }
      case STALL -> {
        // Never answer: the request stays in flight until the client gives up and closes.
      }
    }
  }

  /** Rotates among the three forms clients must honour: seconds, HTTP-date, milliseconds. */
  private static Map<String, String> retryAfter(SimRequest request, int attempt) {
    return switch ((int) Math.floorMod(Json.seedOf(request.bodyHash()) + attempt, 3L)) {
      case 0 -> Map.of("retry-after", "1");
      case 1 ->
          Map.of("retry-after", HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2)));
      default -> Map.of("retry-after-ms", "200");
    };
  }

  private void get(ChannelHandlerContext ctx, String path, boolean keepAlive) {
    switch (path) {
      case "/health" -> {
        FullHttpResponse response =
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.OK,
                Unpooled.wrappedBuffer("ok".getBytes(StandardCharsets.US_ASCII)));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        write(ctx, null, response, keepAlive);
      }
      case "/metrics" -> {
        byte[] text =
            MetricsText.of(state.slots().load(), state.options().slots())
                .getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response =
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(text));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, MetricsText.CONTENT_TYPE);
        write(ctx, null, response, keepAlive);
      }
      case "/sim/stats" ->
          send(ctx, null, HttpResponseStatus.OK, Json.bytes(state.stats()), keepAlive, Map.of());
      case "/sim/requests" -> {
        ByteBuf body = ctx.alloc().buffer(64 + state.log().size() * 110);
        try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
          state.log().writeJson(out);
        } catch (IOException e) {
          body.release();
          throw new IllegalStateException("Could not write the request log", e);
        }
        FullHttpResponse response =
            new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        write(ctx, null, response, keepAlive);
      }
      default -> { // /v1/models, /models
        ObjectNode list = Json.object();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        for (String model : state.models()) {
          ObjectNode entry = data.addObject();
          entry.put("id", model);
          entry.put("object", "model");
          entry.put("created", 0);
          entry.put("owned_by", "simulated");
        }
        send(ctx, null, HttpResponseStatus.OK, Json.bytes(list), keepAlive, Map.of());
      }
    }
  }

  private void notAllowed(ChannelHandlerContext ctx, boolean keepAlive, String allowed) {
    send(
        ctx,
        null,
        HttpResponseStatus.METHOD_NOT_ALLOWED,
        Json.error("[simulated] Use " + allowed + " here", "invalid_request_error"),
        keepAlive,
        Map.of("allow", allowed));
  }

  private void send(
      ChannelHandlerContext ctx,
      Pending token,
      HttpResponseStatus status,
      byte[] body,
      boolean keepAlive,
      Map<String, String> headers) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    headers.forEach((name, value) -> response.headers().set(name, value));
    write(ctx, token, response, keepAlive);
  }

  private void write(
      ChannelHandlerContext ctx, Pending token, FullHttpResponse response, boolean keepAlive) {
    response.headers().set("x-simulated", "true");
    HttpUtil.setContentLength(response, response.content().readableBytes());
    HttpUtil.setKeepAlive(response, keepAlive);
    ChannelFuture written = ctx.writeAndFlush(response);
    if (token != null) {
      written.addListener(f -> release(token));
    }
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** Headers promising the whole body, half of it, then a reset. */
  private void resetMidBody(ChannelHandlerContext ctx, byte[] body) {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    head.headers().set("x-simulated", "true");
    HttpUtil.setContentLength(head, body.length);
    ctx.write(head);
    ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(body, 0, body.length / 2)))
        .addListener(
            f ->
                ctx.executor()
                    .schedule(
                        () -> reset(ctx), RESET_AFTER_PARTIAL_BODY_MILLIS, TimeUnit.MILLISECONDS));
  }

  /** Closes with SO_LINGER 0, so the peer sees a TCP RST rather than an orderly FIN. */
  private static void reset(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
    }
    ctx.channel().close();
  }

  private void release(Pending token) {
    if (pending.remove(token)) {
      state.exit();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    List<Pending> open = new ArrayList<>(pending);
    open.forEach(this::release);
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("Closing a simulator connection after an error", cause);
    ctx.close();
  }

  private static byte[] error(String message) {
    return Json.error("[simulated] " + message, "invalid_request_error");
  }
}
