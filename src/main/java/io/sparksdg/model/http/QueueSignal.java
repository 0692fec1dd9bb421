package io.sparksdg.model.http;

import io.sparksdg.config.BackpressureMode;
import io.sparksdg.config.EndpointConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model server's queue depth as this JVM last read it from its Prometheus metrics: one poll
 * every {@code metrics-poll-interval} per metrics URL per JVM, shared by every endpoint that names
 * the URL, on the shared scheduler with the GET itself on OkHttp's threads. Understands vLLM's
 * gauges ({@code vllm:num_requests_waiting}, {@code vllm:num_requests_running}), SGLang's ({@code
 * sglang:num_queue_reqs}, {@code sglang:num_running_reqs}) and NIM's unprefixed ones ({@code
 * num_requests_waiting}, {@code num_requests_running}).
 *
 * <p>{@link #latest} is null while the metrics cannot be read (the limiter then falls back to
 * latency): the first failure is logged at WARN, the rest at DEBUG, and polling goes on. A signal
 * nobody has read for {@value #IDLE_SECONDS} s stops sending GETs until it is read again. The
 * metrics are fetched without the endpoint's API key (vLLM and SGLang do not protect them).
 */
final class QueueSignal {

  /** One reading: {@code seq} grows by one per successful poll. */
  record Reading(long seq, int waiting, int running) {}

  /** The gauge names of one server family. */
  private record Gauges(String waiting, String running) {}

  private static final Logger LOG = LoggerFactory.getLogger(QueueSignal.class);
  private static final List<Gauges> FAMILIES =
      List.of(
          new Gauges("vllm:num_requests_waiting", "vllm:num_requests_running"),
          new Gauges("sglang:num_queue_reqs", "sglang:num_running_reqs"),
          new Gauges("num_requests_waiting", "num_requests_running"));
  private static final Set<String> WANTED =
      FAMILIES.stream()
          .flatMap(g -> Stream.of(g.waiting(), g.running()))
          .collect(Collectors.toUnmodifiableSet());
  static final int IDLE_SECONDS = 30;
  // a reading older than this many intervals (and at least a second) is no longer the queue's
  private static final int STALE_INTERVALS = 4;
  private static final long MAX_BODY_BYTES = 8L << 20;
  private static final ConcurrentMap<String, QueueSignal> SIGNALS = new ConcurrentHashMap<>();

  private final String shownUrl;
  private final Request request;
  private final OkHttpClient client;
  private final long staleNanos;
  private final LongSupplier nanoClock;
  private final AtomicBoolean polling = new AtomicBoolean();
  private final AtomicBoolean warned = new AtomicBoolean();
  private volatile Reading latest;
  private volatile long latestAtNanos;
  private volatile long lastReadNanos;
  private volatile boolean failing;

  QueueSignal(String url, Duration interval, OkHttpClient client, LongSupplier nanoClock) {
    HttpUrl parsed = HttpUrl.get(url);
    this.shownUrl = parsed.newBuilder().username("").password("").query(null).build().toString();
    this.request = new Request.Builder().url(parsed).header("Accept", "text/plain").get().build();
    Duration timeout = max(Duration.ofSeconds(1), interval.multipliedBy(4));
    this.client =
        client
            .newBuilder()
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .callTimeout(timeout)
            .build();
    this.staleNanos = Math.max(TimeUnit.SECONDS.toNanos(1), STALE_INTERVALS * interval.toNanos());
    this.nanoClock = nanoClock;
    this.lastReadNanos = nanoClock.getAsLong();
  }

  /**
   * The JVM's signal for the endpoint's metrics URL, polling from its first use; null when the
   * endpoint's backpressure is not {@code queue}.
   */
  static QueueSignal forEndpoint(EndpointConfig config) {
    String url = config.metricsUrl();
    if (config.backpressureMode() != BackpressureMode.QUEUE || url == null) {
      return null;
    }
    Duration interval = config.backpressure().metricsPollInterval();
    return SIGNALS.computeIfAbsent(
        url + " " + interval.toMillis(),
        k -> {
          SharedHttp.reserve(1);
          QueueSignal signal =
              new QueueSignal(url, interval, SharedHttp.forEndpoint(config), System::nanoTime);
          signal.start(SharedHttp.scheduler(), interval);
          return signal;
        });
  }

  void start(ScheduledExecutorService scheduler, Duration interval) {
    long millis = Math.max(1, interval.toMillis());
    scheduler.scheduleWithFixedDelay(this::poll, 0, millis, TimeUnit.MILLISECONDS);
  }

  /** The latest reading, or null when there is none recent enough to act on. */
  Reading latest() {
    long now = nanoClock.getAsLong();
    lastReadNanos = now;
    Reading reading = latest;
    return reading == null || failing || now - latestAtNanos > staleNanos ? null : reading;
  }

  /** Whether a GET is out. */
  boolean polling() {
    return polling.get();
  }

  @Override
  public String toString() {
    return "QueueSignal[" + shownUrl + "]";
  }

  /** Starts one GET unless the last is still out or nobody has read the signal lately. */
  void poll() {
    if (nanoClock.getAsLong() - lastReadNanos > TimeUnit.SECONDS.toNanos(IDLE_SECONDS)
        || !polling.compareAndSet(false, true)) {
      return;
    }
    try {
      client.newCall(request).enqueue(new Poll());
    } catch (RuntimeException e) {
      polling.set(false);
      failed(e.toString());
    }
  }

  private final class Poll implements Callback {
    @Override
    public void onResponse(Call call, Response response) {
      try (response) {
        ResponseBody body = response.body();
        if (!response.isSuccessful() || body == null) {
          failed("HTTP " + response.code());
        } else if (body.contentLength() > MAX_BODY_BYTES) {
          failed("a body of " + body.contentLength() + " bytes");
        } else {
          accept(body.string());
        }
      } catch (IOException | RuntimeException e) {
        failed(e.toString());
      } finally {
        polling.set(false);
      }
    }

    @Override
    public void onFailure(Call call, IOException e) {
      polling.set(false);
      failed(e.toString());
    }
  }

  /** A metrics page read: the first family whose waiting gauge it has. */
  void accept(String text) {
    Map<String, Double> gauges = PrometheusText.gauges(text, WANTED);
    for (Gauges family : FAMILIES) {
      Double waiting = gauges.get(family.waiting());
      if (waiting != null) {
        Double running = gauges.get(family.running());
        Reading previous = latest;
        latest =
            new Reading(
                previous == null ? 0 : previous.seq() + 1,
                (int) Math.round(Math.max(0, waiting)),
                running == null ? 0 : (int) Math.round(Math.max(0, running)));
        latestAtNanos = nanoClock.getAsLong();
        if (failing) {
          LOG.debug("Queue metrics at {} can be read again", shownUrl);
        }
        failing = false;
        return;
      }
    }
    failed(
        "none of the gauges "
            + FAMILIES.stream().map(Gauges::waiting).collect(Collectors.joining(", ")));
  }

  private void failed(String why) {
    failing = true;
    if (warned.compareAndSet(false, true)) {
      LOG.warn(
          "Could not read the queue metrics at {} ({}): backpressure falls back to latency until"
              + " they can be read; set endpoints.<name>.metrics-url if they are elsewhere",
          shownUrl,
          why);
    } else {
      LOG.debug("Could not read the queue metrics at {} ({})", shownUrl, why);
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
