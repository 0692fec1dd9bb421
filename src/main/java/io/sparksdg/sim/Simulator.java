package io.sparksdg.sim;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model-server test double standing in for NVIDIA NIM or vLLM: an HTTP/1.1 server that speaks the
 * OpenAI chat-completions format and the Nemotron-4-340B-Reward format, answers deterministically,
 * and injects reproducible faults and latency.
 *
 * <p>Endpoints: {@code POST /v1/chat/completions} (also without {@code /v1}); {@code GET
 * /v1/models}; {@code GET /health}; {@code GET /metrics} (the slots' running and waiting requests
 * under vLLM's Prometheus gauge names); {@code GET /sim/stats} ({@link SimulatorStats} as JSON);
 * {@code POST /sim/stats/reset} (starts the first-request/last-reply window again, for a benchmark
 * that warms the simulator first); {@code GET /sim/requests} (a JSON list of {@code {model,
 * messagesHash, attempt}} for the last million chat requests); the batch API, {@code /v1/files} and
 * {@code /v1/batches} ({@link SimBatches}). A model name containing "reward" gets reward scores;
 * one containing "reward-scalar" gets the one-number variant. Everything it produces is marked as
 * simulated.
 *
 * <p>Built on Netty so that latency is scheduled rather than slept: a few threads serve thousands
 * of requests in flight.
 */
public final class Simulator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);
  private static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

  private final SimState state;
  private final EventLoopGroup acceptors;
  private final EventLoopGroup workers;
  private final Channel server;
  private final int port;
  private final String baseUrl;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Simulator(
      SimState state, EventLoopGroup acceptors, EventLoopGroup workers, Channel server) {
    this.state = state;
    this.acceptors = acceptors;
    this.workers = workers;
    this.server = server;
    this.port = ((InetSocketAddress) server.localAddress()).getPort();
    this.baseUrl = "http://" + urlHost(state.options().host()) + ":" + port;
  }

  /**
   * Starts a simulator on {@code options.host():options.port()}.
   *
   * @throws IllegalStateException when the address cannot be bound
   */
  public static Simulator start(SimulatorOptions options) {
    SimState state = new SimState(options, RequestLog.DEFAULT_CAPACITY);
    int threads = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
    EventLoopGroup acceptors =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("sim-accept", true), NioIoHandler.newFactory());
    EventLoopGroup workers =
        new MultiThreadIoEventLoopGroup(
            threads, new DefaultThreadFactory("sim-io", true), NioIoHandler.newFactory());
    try {
      Channel server =
          new ServerBootstrap()
              .group(acceptors, workers)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 4096)
              .option(ChannelOption.SO_REUSEADDR, true)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                      channel
                          .pipeline()
                          .addLast(new HttpServerCodec())
                          .addLast(new HttpObjectAggregator(MAX_BODY_BYTES))
                          .addLast(new SimHandler(state));
                    }
                  })
              .bind(options.host(), options.port())
              .syncUninterruptibly()
              .channel();
      Simulator simulator = new Simulator(state, acceptors, workers, server);
      LOG.info("Simulator listening on {}", simulator.baseUrl);
      LOG.debug("Simulator options: {}", options);
      return simulator;
    } catch (Exception e) { // bind failures arrive as undeclared checked exceptions
      acceptors.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IllegalStateException(
          "Could not start the simulator on "
              + options.host()
              + ":"
              + options.port()
              + " ("
              + e
              + "): pick another port or stop what is using it",
          e);
    }
  }

  /** Where clients reach it, such as {@code http://127.0.0.1:8000}. */
  public String baseUrl() {
    return baseUrl;
  }

  public int port() {
    return port;
  }

  /** A snapshot of the counters. */
  public SimulatorStats stats() {
    return state.stats();
  }

  /** How many created batches held each {@code custom_id}, for tests of resubmission. */
  public java.util.Map<String, Integer> batchSubmissions() {
    return state.batches().submissions();
  }

  /** Stops serving, closes every connection and releases the port. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.close().syncUninterruptibly();
    acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    LOG.info("Simulator on {} stopped", baseUrl);
  }

  private static String urlHost(String host) {
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      return "127.0.0.1";
    }
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
