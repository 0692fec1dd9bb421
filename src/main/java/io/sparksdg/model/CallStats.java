package io.sparksdg.model;

import java.io.Serializable;

/**
 * What one logical model call cost: the HTTP attempts it took (1 when the first one succeeded) and
 * the wall time from the first attempt to the answer, retries and back-off included.
 */
public record CallStats(int attempts, long latencyMillis) implements Serializable {

  public CallStats {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    }
  }
}
