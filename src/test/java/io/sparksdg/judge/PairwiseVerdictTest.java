package io.sparksdg.judge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PairwiseVerdictTest {

  @Test
  void parsesTheLastBracketedVerdict() {
    assertThat(PairwiseVerdict.parse("A is long but [[B]] wins")).contains(PairwiseVerdict.B);
    assertThat(PairwiseVerdict.parse("first [[A]] then on reflection [[C]]"))
        .contains(PairwiseVerdict.TIE);
    assertThat(PairwiseVerdict.parse("Final verdict: A")).contains(PairwiseVerdict.A);
    assertThat(PairwiseVerdict.parse("They are both fine.")).isEmpty();
  }

  @Test
  void keepsOnlyVerdictsThatSurviveTheSwap() {
    // a shown first: A (a wins); b shown first: B (a wins again) -> consistent a.
    assertThat(PairwiseVerdict.consistent(PairwiseVerdict.A, PairwiseVerdict.B))
        .contains(PairwiseVerdict.A);
    // Always the first position: A then A -> inconsistent.
    assertThat(PairwiseVerdict.consistent(PairwiseVerdict.A, PairwiseVerdict.A)).isEmpty();
    assertThat(PairwiseVerdict.consistent(PairwiseVerdict.TIE, PairwiseVerdict.TIE))
        .contains(PairwiseVerdict.TIE);
    assertThat(PairwiseVerdict.consistent(PairwiseVerdict.TIE, PairwiseVerdict.A)).isEmpty();
  }
}
