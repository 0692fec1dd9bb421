package io.sparksdg.report;

import java.util.Map;

/**
 * The judges: the LLM judge's verdicts (asked twice with the responses swapped), and the pair
 * candidates each judge kind decided, kept or dropped.
 *
 * @param judgements pairs the LLM judge was asked about
 * @param verdicts judgements per verdict: {@code a}, {@code b} (both orders agree), {@code tie},
 *     {@code inconsistent} (the swapped order disagreed), most first
 * @param candidatesByJudge pair candidates per judge kind
 * @param keptByJudge of those, the ones that became preference pairs
 */
public record JudgeFigures(
    long judgements,
    Map<String, Long> verdicts,
    Map<String, Long> candidatesByJudge,
    Map<String, Long> keptByJudge) {

  public JudgeFigures {
    verdicts = RunReport.ordered(verdicts);
    candidatesByJudge = RunReport.ordered(candidatesByJudge);
    keptByJudge = RunReport.ordered(keptByJudge);
  }

  /** Verdicts whose two orders disagreed. */
  public long inconsistent() {
    return verdicts.getOrDefault("inconsistent", 0L);
  }

  /** Share of judgements whose two orders agreed (a clear verdict or a tie both times). */
  public double agreement() {
    return judgements == 0 ? 0 : (double) (judgements - inconsistent()) / judgements;
  }

  static JudgeFigures none() {
    return new JudgeFigures(0, Map.of(), Map.of(), Map.of());
  }
}
