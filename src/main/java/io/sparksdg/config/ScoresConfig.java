package io.sparksdg.config;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keys under {@code scores}.
 *
 * @param judge the reward endpoint
 * @param weights the weight of each attribute in the reward; the default is the
 *     Nemotron-4-340B-Reward model card's
 * @param includeReasoning also send the reward model a response's reasoning, as a leading {@code
 *     <think>} block of the answer (default false: it scores the answer alone)
 */
public record ScoresConfig(String judge, Map<String, Double> weights, Boolean includeReasoning)
    implements Serializable {

  public static final Map<String, Double> MODEL_CARD_WEIGHTS =
      orderedMap(
          "helpfulness", 0.3,
          "correctness", 0.74,
          "coherence", 0.46,
          "complexity", 0.47,
          "verbosity", -0.33);

  static final Set<String> ATTRIBUTES =
      Set.of("helpfulness", "correctness", "coherence", "complexity", "verbosity", "reward");

  public static final ScoresConfig DEFAULT = new ScoresConfig(null, null, null);

  public ScoresConfig(String judge, Map<String, Double> weights) {
    this(judge, weights, null);
  }

  public ScoresConfig {
    includeReasoning = includeReasoning != null && includeReasoning;
    judge = judge == null ? "reward" : judge;
    weights =
        weights == null
            ? MODEL_CARD_WEIGHTS
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    for (String attribute : weights.keySet()) {
      Checks.require(
          ATTRIBUTES.contains(attribute),
          "weights: unknown attribute '%s'; use helpfulness, correctness, coherence, complexity,"
              + " verbosity or reward",
          attribute);
    }
    Checks.require(!weights.isEmpty(), "weights must name at least one attribute");
  }

  private static Map<String, Double> orderedMap(Object... pairs) {
    Map<String, Double> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (Double) pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
