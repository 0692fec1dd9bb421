package io.sparksdg.records;

import java.io.Serializable;

/**
 * A row of the {@code judgements} table: an LLM judge's pairwise verdict on two responses to one
 * prompt, asked twice with the responses in swapped positions; for a generative reward model
 * (GenRM) also its reasoning, individual scores and ranking in each order.
 *
 * @param judgementId deterministic id of (response a, response b, judge model, template)
 * @param firstVerdict the verdict with {@code a} shown first: {@code a}, {@code b} or {@code tie}
 * @param swappedVerdict the verdict with {@code b} shown first, mapped back to {@code a}/{@code b}
 * @param verdict {@code a} or {@code b} when both agree; {@code tie} when both say tie; otherwise
 *     {@code inconsistent}
 * @param promptTokens prompt tokens of both asks
 * @param completionTokens completion tokens of both asks
 * @param costUsd both asks at the judge's price, or null when it has none
 * @param reasoningFirst a generative reward model's reasoning with {@code a} shown first; null for
 *     the pairwise judge and in tables written before the column existed (so for the other columns
 *     below)
 * @param reasoningSwapped its reasoning with {@code b} shown first
 * @param firstScoreA the GenRM's helpfulness score (1-5) of {@code a} when shown first
 * @param firstScoreB its score of {@code b} when shown second
 * @param firstRanking its ranking score (1-6) with {@code a} shown first, as stated: 1 to 3 prefer
 *     the response shown first, 4 to 6 the one shown second
 * @param swappedScoreA its score of {@code a} when shown second
 * @param swappedScoreB its score of {@code b} when shown first
 * @param swappedRanking its ranking score with {@code b} shown first, as stated
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
    long latencyMs,
    String reasoningFirst,
    String reasoningSwapped,
    Integer firstScoreA,
    Integer firstScoreB,
    Integer firstRanking,
    Integer swappedScoreA,
    Integer swappedScoreB,
    Integer swappedRanking)
    implements Serializable {

  /** A pairwise judge's row: no reasoning, scores or rankings. */
  public JudgementRecord(
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
      long latencyMs) {
    this(
        judgementId,
        promptId,
        responseAId,
        responseBId,
        firstVerdict,
        swappedVerdict,
        verdict,
        judgeModel,
        rawFirst,
        rawSwapped,
        promptTokens,
        completionTokens,
        costUsd,
        attempts,
        latencyMs,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** This row with a generative reward model's reasoning, scores and rankings in both orders. */
  public JudgementRecord withGenRm(
      String reasoningFirst,
      String reasoningSwapped,
      Integer firstScoreA,
      Integer firstScoreB,
      Integer firstRanking,
      Integer swappedScoreA,
      Integer swappedScoreB,
      Integer swappedRanking) {
    return new JudgementRecord(
        judgementId,
        promptId,
        responseAId,
        responseBId,
        firstVerdict,
        swappedVerdict,
        verdict,
        judgeModel,
        rawFirst,
        rawSwapped,
        promptTokens,
        completionTokens,
        costUsd,
        attempts,
        latencyMs,
        reasoningFirst,
        reasoningSwapped,
        firstScoreA,
        firstScoreB,
        firstRanking,
        swappedScoreA,
        swappedScoreB,
        swappedRanking);
  }
}
