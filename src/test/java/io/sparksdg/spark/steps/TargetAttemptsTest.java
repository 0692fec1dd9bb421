package io.sparksdg.spark.steps;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetAttemptsTest {

  @Test
  void attemptsGoRoundThePromptsBeforeAPromptGetsAnotherSample() {
    // 10 attempts over 4 prompts: ranks 1 and 2 get 3 samples, ranks 3 and 4 get 2
    assertThat(TargetAttempts.samplesOf(1, 10, 4)).isEqualTo(3);
    assertThat(TargetAttempts.samplesOf(2, 10, 4)).isEqualTo(3);
    assertThat(TargetAttempts.samplesOf(3, 10, 4)).isEqualTo(2);
    assertThat(TargetAttempts.samplesOf(4, 10, 4)).isEqualTo(2);
    // fewer attempts than prompts: the first ranks get one each
    assertThat(TargetAttempts.samplesOf(3, 3, 4)).isEqualTo(1);
    assertThat(TargetAttempts.samplesOf(4, 3, 4)).isZero();
    long sum = 0;
    for (int rank = 1; rank <= 7; rank++) {
      sum += TargetAttempts.samplesOf(rank, 1234, 7);
    }
    assertThat(sum).isEqualTo(1234);
  }

  @Test
  void promptAttemptsGiveTheFirstRanksAllTheirSamples() {
    // 3 prompt attempts of 2 samples over 5 prompts: ranks 1 to 3 get 2 each, 4 and 5 none
    assertThat(TargetAttempts.samplesOf(1, 3, 5, 2)).isEqualTo(2);
    assertThat(TargetAttempts.samplesOf(3, 3, 5, 2)).isEqualTo(2);
    assertThat(TargetAttempts.samplesOf(4, 3, 5, 2)).isZero();
    // perPrompt 0: attempts are responses going round the prompts
    assertThat(TargetAttempts.samplesOf(1, 10, 4, 0)).isEqualTo(3);
  }
}
