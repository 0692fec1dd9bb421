package io.sparksdg.model;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a reward model said about a conversation: one value per attribute ({@code helpfulness},
 * {@code correctness}, {@code coherence}, {@code complexity}, {@code verbosity} for
 * Nemotron-4-340B-Reward; a single {@code reward} for one-number reward models), the raw reply
 * text, the model that answered and the call's cost.
 */
public record RewardScores(
    Map<String, Double> attributes, String raw, String model, CallStats stats)
    implements Serializable {

  public static final String HELPFULNESS = "helpfulness";
  public static final String CORRECTNESS = "correctness";
  public static final String COHERENCE = "coherence";
  public static final String COMPLEXITY = "complexity";
  public static final String VERBOSITY = "verbosity";
  public static final String REWARD = "reward";

  public RewardScores {
    if (attributes.isEmpty()) {
      throw new IllegalArgumentException("A reward reply needs at least one attribute");
    }
    attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /** The attribute's value, or NaN when the reply did not carry it. */
  public double get(String attribute) {
    Double value = attributes.get(attribute);
    return value == null ? Double.NaN : value;
  }
}
