package io.sparksdg.config;

import java.io.Serializable;

/**
 * Keys under {@code responses}.
 *
 * @param generator the endpoint that answers prompts
 * @param perPrompt how many responses to sample per prompt
 */
public record ResponsesConfig(String generator, Integer perPrompt) implements Serializable {

  public static final ResponsesConfig DEFAULT = new ResponsesConfig(null, null);

  public ResponsesConfig {
    generator = generator == null ? "generator" : generator;
    perPrompt = perPrompt == null ? 2 : perPrompt;
    Checks.require(perPrompt > 0, "per-prompt must be positive, got %s", perPrompt);
  }
}
