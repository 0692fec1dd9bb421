package io.sparksdg.stages.curation;

import io.sparksdg.records.JudgementRecord;

/** Why a pair judge's judgement pairs nothing, as {@code pair_candidates} records it. */
final class PairJudgeReasons {

  private PairJudgeReasons() {}

  /**
   * The reason for a judgement whose two orders disagree: the verdicts for the LLM judge, the
   * stated ranking scores for the GenRM (1-3 prefer the response shown first, 4-6 the second).
   */
  static String notPaired(String judge, JudgementRecord j) {
    if (judge.equals(PairPreferencesStage.JUDGE_GENRM)) {
      return "genrm: positions disagree (ranking "
          + j.firstRanking()
          + " with a shown first, "
          + j.swappedRanking()
          + " with b shown first)";
    }
    return "llm judge: inconsistent under position swap (first "
        + j.firstVerdict()
        + ", swapped "
        + j.swappedVerdict()
        + ")";
  }
}
