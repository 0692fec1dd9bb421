package io.sparksdg.records;

import java.io.Serializable;

/**
 * A row of the {@code responses} table: one sampled answer to a prompt.
 *
 * @param responseId deterministic id of (prompt, model, sampling, sample index)
 * @param costUsd the call's cost at the generator's price, or null when it has none
 * @param latencyMs wall time of the call, retries included
 * @param reasoning the model's reasoning, kept apart from the answer in {@code text}, or null when
 *     the reply carried none
 * @param reasoningMode {@code on} or {@code off}: the reasoning system prompt the request carried;
 *     null when no mode is configured
 */
public record ResponseRecord(
    String responseId,
    String promptId,
    int sampleIndex,
    String model,
    String text,
    String finishReason,
    long promptTokens,
    long completionTokens,
    Double costUsd,
    int attempts,
    long latencyMs,
    String reasoning,
    String reasoningMode)
    implements Serializable {

  /** A response without reasoning and without a reasoning mode. */
  public ResponseRecord(
      String responseId,
      String promptId,
      int sampleIndex,
      String model,
      String text,
      String finishReason,
      long promptTokens,
      long completionTokens,
      Double costUsd,
      int attempts,
      long latencyMs) {
    this(
        responseId,
        promptId,
        sampleIndex,
        model,
        text,
        finishReason,
        promptTokens,
        completionTokens,
        costUsd,
        attempts,
        latencyMs,
        null,
        null);
  }

  /**
   * The responses that compete with each other in pairing: a prompt's, within one reasoning mode.
   */
  public String pairingGroup() {
    return pairingGroup(promptId, reasoningMode);
  }

  /** The pairing group of a prompt's responses in {@code mode} (null: no mode). */
  public static String pairingGroup(String promptId, String mode) {
    return mode == null ? promptId : promptId + "#" + mode;
  }
}
