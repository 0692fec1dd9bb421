package io.sparksdg.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How an endpoint's calls are made: one HTTP request each, answered now, or as lines of an
 * OpenAI-compatible batch ({@code /v1/files} and {@code /v1/batches}), answered within the batch's
 * completion window at the batch price.
 */
public enum EndpointMode {
  ONLINE,
  BATCH;

  @JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static EndpointMode fromKey(String key) {
    for (EndpointMode mode : values()) {
      if (mode.key().equals(key)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown endpoint mode '" + key + "'; use online or batch");
  }
}
