package io.sparksdg.records;

import java.io.Serializable;

/**
 * A row of the {@code responses} table: one sampled answer to a prompt.
 *
 * @param responseId deterministic id of (prompt, model, sampling, sample index)
 * @param costUsd the call's cost at the generator's price, or null when it has none
 * @param latencyMs wall time of the call, retries included
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
    long latencyMs)
    implements Serializable {}
