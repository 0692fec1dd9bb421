package io.sparksdg.model.http;

import io.sparksdg.config.EndpointConfig;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The JVM's one OkHttp client and the scheduler that runs retry back-offs, both created on first
 * use. All threads are daemons so that a finished driver or CLI exits at once.
 */
final class SharedHttp {

  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final int DEFAULT_MAX_REQUESTS = 4096;
  private static int budgets;

  private SharedHttp() {}

  private static final class Holder {
    static final OkHttpClient CLIENT = buildClient();
    static final ScheduledExecutorService SCHEDULER = buildScheduler();
  }

  /** A per-endpoint variant that shares the connection pool and the dispatcher's threads. */
  static OkHttpClient forEndpoint(EndpointConfig config) {
    Duration timeout = config.timeout();
    Duration connect = timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT;
    return Holder.CLIENT
        .newBuilder()
        .connectTimeout(connect)
        .readTimeout(timeout)
        .writeTimeout(timeout)
        .callTimeout(timeout)
        .build();
  }

  /**
   * Counts an endpoint's in-flight budget in, raising the dispatcher's limits so that OkHttp never
   * queues a call our limiters let through (every endpoint of this JVM may be at its max at once).
   */
  static synchronized void reserve(int budget) {
    budgets += budget;
    Dispatcher dispatcher = Holder.CLIENT.dispatcher();
    if (budgets > dispatcher.getMaxRequests()) {
      dispatcher.setMaxRequests(budgets);
      dispatcher.setMaxRequestsPerHost(budgets);
    }
  }

  static ScheduledExecutorService scheduler() {
    return Holder.SCHEDULER;
  }

  private static OkHttpClient buildClient() {
    ExecutorService threads =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            daemonThreads("spark-sdg-http-"));
    Dispatcher dispatcher = new Dispatcher(threads);
    // our per-endpoint limiters govern concurrency; OkHttp must not queue behind them
    dispatcher.setMaxRequests(DEFAULT_MAX_REQUESTS);
    dispatcher.setMaxRequestsPerHost(DEFAULT_MAX_REQUESTS);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        // as many idle connections as requests may run, kept alive 5 s between calls
        .connectionPool(new ConnectionPool(DEFAULT_MAX_REQUESTS, 5, TimeUnit.SECONDS))
        // our retry loop owns every retry, so attempts are counted and backed off
        .retryOnConnectionFailure(false)
        // following a 301/302 would turn the POST into a GET
        .followRedirects(false)
        .followSslRedirects(false)
        .build();
  }

  private static ScheduledExecutorService buildScheduler() {
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(1, daemonThreads("spark-sdg-http-retry-"));
    scheduler.setRemoveOnCancelPolicy(true);
    return scheduler;
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
