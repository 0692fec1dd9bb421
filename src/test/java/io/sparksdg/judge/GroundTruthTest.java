package io.sparksdg.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class GroundTruthTest {

  @Test
  void readsTheAnswerKeyAfterTheLastMarker() {
    assertThat(GroundTruth.answerKey("3 + 4 = 7 apples.\n#### 7")).contains(new BigDecimal("7"));
    assertThat(GroundTruth.answerKey("150 * 20 = 3,000\n#### 3,000"))
        .contains(new BigDecimal("3000"));
    assertThat(GroundTruth.answerKey("no marker here 12")).isEmpty();
  }

  @Test
  void prefersMarkedAnswersOverOtherNumbers() {
    assertThat(GroundTruth.finalAnswer("We add 12 and 7.\n#### 19")).contains(new BigDecimal("19"));
    assertThat(GroundTruth.finalAnswer("12 + 7 = 19, so the answer is 19 (not 20)."))
        .contains(new BigDecimal("19"));
    assertThat(GroundTruth.finalAnswer("Thus \\boxed{42} after 3 steps"))
        .contains(new BigDecimal("42"));
    assertThat(GroundTruth.finalAnswer("First 3, then 5, finally 8")).contains(new BigDecimal("8"));
    assertThat(GroundTruth.finalAnswer("I do not know.")).isEmpty();
  }

  @Test
  void comparesNumerically() {
    assertThat(GroundTruth.correct("#### 6.0", new BigDecimal("6"))).isTrue();
    assertThat(GroundTruth.correct("#### $1,200", new BigDecimal("1200"))).isTrue();
    assertThat(GroundTruth.correct("#### 7", new BigDecimal("6"))).isFalse();
    assertThat(GroundTruth.correct("no number", new BigDecimal("6"))).isFalse();
  }
}
