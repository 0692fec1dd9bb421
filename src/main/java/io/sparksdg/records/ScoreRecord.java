package io.sparksdg.records;

import java.io.Serializable;

/**
 * A row of the {@code scores} table: what the reward model said about one response. An attribute is
 * null when the judge does not report it (one-number reward models).
 *
 * @param reward the weighted reward used by filters and pairing
 * @param judgeModel the reward model that answered
 * @param raw the reply's score text, for audit
 * @param promptTokens the reward call's prompt tokens
 * @param completionTokens the reward call's completion tokens
 * @param costUsd the call's cost at the reward endpoint's price, or null when it has none
 */
public record ScoreRecord(
    String responseId,
    String promptId,
    Double helpfulness,
    Double correctness,
    Double coherence,
    Double complexity,
    Double verbosity,
    double reward,
    String judgeModel,
    String raw,
    long promptTokens,
    long completionTokens,
    Double costUsd,
    int attempts,
    long latencyMs)
    implements Serializable {

  /** The named attribute ({@code reward} included), or null. */
  public Double attribute(String name) {
    return switch (name) {
      case "helpfulness" -> helpfulness;
      case "correctness" -> correctness;
      case "coherence" -> coherence;
      case "complexity" -> complexity;
      case "verbosity" -> verbosity;
      case "reward" -> reward;
      default -> throw new IllegalArgumentException("Unknown attribute " + name);
    };
  }
}
