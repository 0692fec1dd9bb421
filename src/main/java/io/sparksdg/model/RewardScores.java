package io.sparksdg.model;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a reward model said about a conversation: one value per attribute ({@code helpfulness},
 * {@code correctness}, {@code coherence}, {@code complexity}, {@code verbosity} for
 * Nemotron-4-340B-Reward; a single {@code reward} for one-number reward models), the raw reply
 * text, the model that answered, the token usage the server reported ({@link Usage#NONE} when null)
 * and the call's cost in attempts and time.
 */
public record RewardScores(
    Map<String, Double> attributes, String raw, String model, Usage usage, CallStats stats)
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
    usage = usage == null ? Usage.NONE : usage;
  }

  /** The attribute's value, or NaN when the reply did not carry it. */
  public double get(String attribute) {
    Double value = attributes.get(attribute);
    return value == null ? Double.NaN : value;
  }
}
