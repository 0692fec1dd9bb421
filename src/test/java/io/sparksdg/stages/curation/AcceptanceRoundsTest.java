package io.sparksdg.stages.curation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparksdg.config.TargetConfig;
import org.junit.jupiter.api.Test;

class AcceptanceRoundsTest {

  private static AcceptanceRounds rounds(long accepted, Long maxAttempts, Long pilot) {
    return new AcceptanceRounds(new TargetConfig(accepted, null, maxAttempts, null, pilot, null));
  }

  @Test
  void thePilotThenWhatTheMeasuredRatePredictsPlusTheMargin() {
    AcceptanceRounds r = rounds(200, null, null);
    assertThat(r.nextRound(0, 0)).isEqualTo(200);
    // 60 of 200: rate (60 + 1) / (200 + 2); 140 missing / rate x 1.05
    assertThat(r.rate(200, 60)).isCloseTo(61 / 202.0, within(1e-12));
    assertThat(r.nextRound(200, 60)).isEqualTo((long) Math.ceil(140 / (61 / 202.0) * 1.05));
    assertThat(r.nextRound(700, 200)).isZero();
    assertThat(r.nextRound(700, 230)).isZero();
  }

  @Test
  void sizesTheLastRoundsSmallAndStopsAtMaxAttempts() {
    AcceptanceRounds r = rounds(200, 1000L, null);
    // one missing at a rate of 200 / 202: 1 / 0.990 x 1.05 = 1.06, rounded up
    assertThat(r.nextRound(200, 199)).isEqualTo(2);
    assertThat(r.nextRound(200, 190)).isEqualTo((long) Math.ceil(10 / (191 / 202.0) * 1.05));
    // nothing accepted yet: the estimate is not 0, and max-attempts caps the round
    assertThat(r.nextRound(200, 0)).isEqualTo(800);
    assertThat(r.nextRound(1000, 20)).isZero();
    assertThat(r.outcome(1000, 20))
        .contains("not reached")
        .contains("20 accepted of 1000 attempts")
        .contains("raise it and re-run");
    assertThat(r.outcome(700, 210)).contains("reached").contains("10 surplus");
  }

  @Test
  void aSmallPilotIsCappedByMaxAttempts() {
    assertThat(rounds(5, 7L, 3L).nextRound(0, 0)).isEqualTo(3);
    assertThat(rounds(5, 7L, 3L).nextRound(3, 0)).isEqualTo(4);
  }

  /** {@code target.on: preferences}: a round is prompts, each making up to a few rows. */
  @Test
  void promptsThatMakeSeveralRowsNeedFewerAttemptsAndStopWhenThePromptsRunOut() {
    TargetConfig target = new TargetConfig(30L, "preferences", null, null, null, null);
    // best-vs-worst: a row per prompt at most; 100 prompts to draw on
    AcceptanceRounds worst = new AcceptanceRounds(target, 1, 100);
    assertThat(worst.nextRound(0, 0)).isEqualTo(30);
    // 21 of 30 prompts made a pair: 9 missing at (21 + 1) / (30 + 2), plus 5 %
    assertThat(worst.nextRound(30, 21)).isEqualTo((long) Math.ceil(9 / (22 / 32.0) * 1.05));
    // the prompts run out before max-attempts (300): the round is what is left, then none
    assertThat(worst.nextRound(90, 25)).isEqualTo(10);
    assertThat(worst.nextRound(100, 28)).isZero();
    assertThat(worst.outcome(100, 28))
        .contains("28 accepted of 100 attempts when all 100 prompts had been answered")
        .contains("add prompts and re-run");
    // all-pairs of 4 responses capped at 3 rows: the measured rate of 2.8 rows per prompt sizes
    // a round below the missing rows
    AcceptanceRounds all = new AcceptanceRounds(target, 3, 100);
    assertThat(all.rate(10, 28)).isCloseTo(29 / 12.0, within(1e-12));
    assertThat(all.nextRound(10, 28)).isEqualTo(1);
    // the pool caps the rounds, max-attempts (300) too when the pool is larger
    assertThat(all.nextRound(100, 0)).isZero();
    assertThat(new AcceptanceRounds(target, 3, 1000).nextRound(290, 0)).isEqualTo(10);
  }
}
