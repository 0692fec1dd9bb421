package io.sparksdg.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What moves an endpoint's in-flight limit between min- and max-concurrency. */
public enum BackpressureMode {
  /**
   * Signs of overload seen from the client: 429, 503 and timeouts, and the fastest answers slowing
   * down (a server that queues delays them all).
   */
  LATENCY,
  /**
   * The server's own queue depth, polled from its Prometheus {@code /metrics} (vLLM, SGLang, NIM):
   * the limit keeps the waiting queue at or under {@code queue-bound}; 429, 503 and timeouts still
   * cut it, and latency takes over while the metrics cannot be read.
   */
  QUEUE,
  /** A fixed limit of max-concurrency. */
  NONE;

  @JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static BackpressureMode fromKey(String key) {
    for (BackpressureMode mode : values()) {
      if (mode.key().equals(key)) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "unknown backpressure '"
            + key
            + "'; use one of "
            + Arrays.stream(values()).map(BackpressureMode::key).collect(Collectors.joining(", ")));
  }
}
