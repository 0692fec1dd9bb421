package io.sparksdg.judge;

import io.sparksdg.model.RewardScores;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a reward model's attributes into one number. The default weights are the
 * Nemotron-4-340B-Reward model card's: {@code 0.3*helpfulness + 0.74*correctness + 0.46*coherence +
 * 0.47*complexity - 0.33*verbosity}. A one-number reply ({@code reward}) is taken as it is.
 */
public final class RewardWeights implements Serializable {

  private final Map<String, Double> weights;

  public RewardWeights(Map<String, Double> weights) {
    this.weights = new LinkedHashMap<>(weights);
  }

  /**
   * The weighted reward.
   *
   * @throws IllegalArgumentException naming the attribute the reply lacks
   */
  public double reward(RewardScores scores) {
    Map<String, Double> attributes = scores.attributes();
    if (attributes.containsKey(RewardScores.REWARD) && !weights.containsKey(RewardScores.REWARD)) {
      return attributes.get(RewardScores.REWARD);
    }
    double sum = 0;
    for (Map.Entry<String, Double> w : weights.entrySet()) {
      Double value = attributes.get(w.getKey());
      if (value == null) {
        throw new IllegalArgumentException(
            "The reward reply has no '" + w.getKey() + "' score; it has " + attributes.keySet());
      }
      sum += w.getValue() * value;
    }
    return sum;
  }
}
