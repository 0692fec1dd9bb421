package io.sparksdg.records;

import java.io.Serializable;

/**
 * A row of the {@code judgements} table: an LLM judge's pairwise verdict on two responses to one
 * prompt, asked twice with the responses in swapped positions.
 *
 * @param judgementId deterministic id of (response a, response b, judge model, template)
 * @param firstVerdict the verdict with {@code a} shown first: {@code a}, {@code b} or {@code tie}
 * @param swappedVerdict the verdict with {@code b} shown first, mapped back to {@code a}/{@code b}
 * @param verdict {@code a} or {@code b} when both agree; {@code tie} when both say tie; otherwise
 *     {@code inconsistent}
 * @param promptTokens prompt tokens of both asks
 * @param completionTokens completion tokens of both asks
 * @param costUsd both asks at the judge's price, or null when it has none
 */
public record JudgementRecord(
    String judgementId,
    String promptId,
    String responseAId,
    String responseBId,
    String firstVerdict,
    String swappedVerdict,
    String verdict,
    String judgeModel,
    String rawFirst,
    String rawSwapped,
    long promptTokens,
    long completionTokens,
    Double costUsd,
    int attempts,
    long latencyMs)
    implements Serializable {}
