package io.sparksdg.model;

import java.io.Serializable;

/**
 * Sampling parameters sent with a chat request. A null field is left out of the request, so the
 * server's default applies.
 */
public record Sampling(Double temperature, Double topP, Integer maxTokens, Long seed)
    implements Serializable {

  public static final Sampling DEFAULT = new Sampling(null, null, null, null);

  public Sampling {
    if (temperature != null && (temperature < 0 || temperature > 2)) {
      throw new IllegalArgumentException("temperature must be in [0, 2], got " + temperature);
    }
    if (topP != null && (topP <= 0 || topP > 1)) {
      throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
    }
    if (maxTokens != null && maxTokens <= 0) {
      throw new IllegalArgumentException("max-tokens must be positive, got " + maxTokens);
    }
  }

  public Sampling withSeed(long newSeed) {
    return new Sampling(temperature, topP, maxTokens, newSeed);
  }
}
