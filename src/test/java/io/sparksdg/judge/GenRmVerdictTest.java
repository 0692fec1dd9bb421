package io.sparksdg.judge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GenRmVerdictTest {

  /** A reply in the format of NVIDIA's HelpSteer3 GenRM model card. */
  private static final String REAL =
      "[The Begin of Analysis on Response 1]\n"
          + "Response 1 names Paris and stops there.\n"
          + "[The End of Analysis on Response 1]\n\n"
          + "[The Begin of Analysis on Response 2]\n"
          + "Response 2 names Paris and explains why it became the capital.\n"
          + "[The End of Analysis on Response 2]\n\n"
          + "[The Begin of Individual Scores]\n"
          + "\\boxed{3, 5}\n"
          + "[The End of Individual Scores]\n\n"
          + "[The Begin of Ranking Score]\n"
          + "\\boxed{5}\n"
          + "[The End of Ranking Score]";

  @Test
  void readsScoresRankingAndTheReasoningBeforeThem() {
    GenRmVerdict v = GenRmVerdict.parse(REAL, null);
    assertThat(v.firstScore()).isEqualTo(3);
    assertThat(v.secondScore()).isEqualTo(5);
    assertThat(v.ranking()).isEqualTo(5);
    assertThat(v.problems()).isEmpty();
    assertThat(v.reasoning())
        .startsWith("[The Begin of Analysis on Response 1]")
        .endsWith("[The End of Analysis on Response 2]")
        .doesNotContain("boxed");
    assertThat(v.preferred()).contains(PairwiseVerdict.B);
  }

  @Test
  void takesTheServersSeparateReasoningWhenItSentOne() {
    String answer = REAL.substring(REAL.indexOf("[The Begin of Individual Scores]"));
    GenRmVerdict v = GenRmVerdict.parse(answer, "  I compared both answers.  ");
    assertThat(v.reasoning()).isEqualTo("I compared both answers.");
    assertThat(v.ranking()).isEqualTo(5);
    assertThat(GenRmVerdict.parse(answer, null).reasoning()).isNull();
  }

  @Test
  void toleratesSpacesMissingBracketsAndPlainLabels() {
    GenRmVerdict spaced =
        GenRmVerdict.parse(
            "ok\n[ The Begin of Individual Scores ]\n\\boxed{ 2 , 4 }\n"
                + "[The Begin of Ranking Score]\n\\boxed{ 6 }",
            null);
    assertThat(spaced.firstScore()).isEqualTo(2);
    assertThat(spaced.secondScore()).isEqualTo(4);
    assertThat(spaced.ranking()).isEqualTo(6);
    assertThat(spaced.reasoning()).isEqualTo("ok");

    GenRmVerdict noBrackets =
        GenRmVerdict.parse(
            "The Begin of Individual Scores\n\\boxed{4, 1}\nThe End of Individual Scores\n"
                + "The Begin of Ranking Score\n\\boxed{1}\nThe End of Ranking Score",
            null);
    assertThat(noBrackets.firstScore()).isEqualTo(4);
    assertThat(noBrackets.secondScore()).isEqualTo(1);
    assertThat(noBrackets.ranking()).isEqualTo(1);
    assertThat(noBrackets.preferred()).contains(PairwiseVerdict.A);

    GenRmVerdict plain =
        GenRmVerdict.parse("Both are fine.\nIndividual Scores: 3, 3\nRanking Score: 5", null);
    assertThat(plain.firstScore()).isEqualTo(3);
    assertThat(plain.secondScore()).isEqualTo(3);
    assertThat(plain.ranking()).isEqualTo(5);
    assertThat(plain.reasoning()).isEqualTo("Both are fine.");

    assertThat(GenRmVerdict.parse("ranking score = 2.0", null).ranking()).isEqualTo(2);
  }

  @Test
  void scoresWithoutARankingHaveNoPreference() {
    GenRmVerdict v =
        GenRmVerdict.parse(
            "[The Begin of Individual Scores]\n\\boxed{2, 5}\n[The End of Individual Scores]",
            null);
    assertThat(v.firstScore()).isEqualTo(2);
    assertThat(v.secondScore()).isEqualTo(5);
    assertThat(v.ranking()).isNull();
    assertThat(v.preferred()).isEmpty();
    assertThat(v.problems()).containsExactly("no ranking score");
  }

  @Test
  void aRankingWithoutScoresStillPrefers() {
    GenRmVerdict v =
        GenRmVerdict.parse(
            "[The Begin of Ranking Score]\n\\boxed{3}\n[The End of Ranking Score]", null);
    assertThat(v.firstScore()).isNull();
    assertThat(v.secondScore()).isNull();
    assertThat(v.ranking()).isEqualTo(3);
    assertThat(v.preferred()).contains(PairwiseVerdict.A);
    assertThat(v.problems()).containsExactly("no individual scores");
  }

  @Test
  void outOfRangeNumbersAreDroppedWithTheirReason() {
    GenRmVerdict v =
        GenRmVerdict.parse(
            "[The Begin of Individual Scores]\n\\boxed{0, 4}\n[The End of Individual Scores]\n"
                + "[The Begin of Ranking Score]\n\\boxed{7}\n[The End of Ranking Score]",
            null);
    assertThat(v.firstScore()).isNull();
    assertThat(v.secondScore()).isNull();
    assertThat(v.ranking()).isNull();
    assertThat(v.preferred()).isEmpty();
    assertThat(v.problems())
        .containsExactly(
            "individual score 0 is not a whole number from 1 to 5",
            "ranking score 7 is not a whole number from 1 to 6");
    assertThat(GenRmVerdict.parse("Ranking Score: 3.5", null).problems())
        .containsExactly(
            "no individual scores", "ranking score 3.5 is not a whole number from 1 to 6");
  }

  @Test
  void theLastOfTwoRankingBlocksCounts() {
    GenRmVerdict v =
        GenRmVerdict.parse(
            REAL
                + "\nOn reflection:\n[The Begin of Ranking Score]\n\\boxed{2}\n[The End of Ranking"
                + " Score]",
            null);
    assertThat(v.ranking()).isEqualTo(2);
    assertThat(v.preferred()).contains(PairwiseVerdict.A);
  }

  @Test
  void threeAndFourAreSlightPreferencesNotTies() {
    assertThat(GenRmVerdict.parse("Ranking Score: 3", null).preferred())
        .contains(PairwiseVerdict.A);
    assertThat(GenRmVerdict.parse("Ranking Score: 4", null).preferred())
        .contains(PairwiseVerdict.B);
  }

  @Test
  void readsTheJsonVerdictOfNewerGenRmsTakingTheOverallBlock() {
    GenRmVerdict v =
        GenRmVerdict.parse(
            "{\"rubric_evaluations\": [{\"rubric_id\": 1, \"score_1\": 2, \"score_2\": 2,"
                + " \"ranking\": 4}], \"overall\": {\"response_1_analysis\": \"ok\","
                + " \"score_1\": 4, \"score_2\": 3, \"ranking\": 2}}",
            null);
    assertThat(v.firstScore()).isEqualTo(4);
    assertThat(v.secondScore()).isEqualTo(3);
    assertThat(v.ranking()).isEqualTo(2);
    assertThat(v.problems()).isEmpty();
  }

  @Test
  void garbleHasNothingButItsText() {
    GenRmVerdict v = GenRmVerdict.parse("I like both of them.", null);
    assertThat(v.firstScore()).isNull();
    assertThat(v.ranking()).isNull();
    assertThat(v.reasoning()).isEqualTo("I like both of them.");
    assertThat(v.problemText()).isEqualTo("no individual scores; no ranking score");
    assertThat(GenRmVerdict.parse(null, null).reasoning()).isNull();
  }
}
