package io.sparksdg.config;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keys under {@code responses}.
 *
 * @param generator the endpoint that answers prompts
 * @param perPrompt how many responses to sample per prompt
 * @param generators endpoints to draw each response from, with their weights (e.g. {@code
 *     {generator: 1.0, other: 2.0}}); when unset, every response comes from {@code generator}
 */
public record ResponsesConfig(String generator, Integer perPrompt, Map<String, Double> generators)
    implements Serializable {

  public static final ResponsesConfig DEFAULT = new ResponsesConfig(null, null, null);

  public ResponsesConfig {
    generator = generator == null ? "generator" : generator;
    perPrompt = perPrompt == null ? 2 : perPrompt;
    Checks.require(perPrompt > 0, "per-prompt must be positive, got %s", perPrompt);
    if (generators == null || generators.isEmpty()) {
      generators = Map.of(generator, 1.0);
    } else {
      for (Map.Entry<String, Double> g : generators.entrySet()) {
        Checks.require(
            g.getValue() != null && g.getValue() > 0,
            "generators: the weight of '%s' must be positive, got %s",
            g.getKey(),
            g.getValue());
      }
      generators = Collections.unmodifiableMap(new LinkedHashMap<>(generators));
    }
  }
}
