package io.sparksdg.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * What moves the in-flight limit. {@code adaptive: false} is the older spelling of {@code
 * backpressure: none} and wins over this.
 *
 * @param mode latency (the default), queue or none
 * @param queueBound in queue mode, the most requests the server should keep waiting (all executors
 *     together); 8 by default: enough that a slot freed is refilled from the server's own queue
 *     while the client's next request is on its way, few enough to add little to every request's
 *     latency
 * @param metricsUrl the server's Prometheus metrics, or null for base-url without a trailing {@code
 *     /v1}, plus {@code /metrics} (vLLM, SGLang; NIM serves them at {@code /v1/metrics})
 * @param metricsPollInterval how often each executor JVM reads the metrics in queue mode; 250 ms by
 *     default
 */
public record Backpressure(
    BackpressureMode mode, Integer queueBound, String metricsUrl, Duration metricsPollInterval)
    implements Serializable {

  public static final int DEFAULT_QUEUE_BOUND = 8;
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);

  public Backpressure {
    mode = mode == null ? BackpressureMode.LATENCY : mode;
    queueBound = queueBound == null ? DEFAULT_QUEUE_BOUND : queueBound;
    Checks.require(
        queueBound >= 1 && queueBound <= 100_000,
        "queue-bound must be from 1 to 100000, got %s",
        queueBound);
    if (metricsUrl != null && !metricsUrl.isBlank()) {
      EndpointConfig.Connection.checkUrl("metrics-url", metricsUrl);
    } else {
      metricsUrl = null;
    }
    metricsPollInterval = metricsPollInterval == null ? DEFAULT_POLL_INTERVAL : metricsPollInterval;
    Checks.require(
        metricsPollInterval.compareTo(Duration.ofMillis(50)) >= 0
            && metricsPollInterval.compareTo(Duration.ofMinutes(1)) <= 0,
        "metrics-poll-interval must be from 50ms to 1m, got %s",
        metricsPollInterval);
  }
}
