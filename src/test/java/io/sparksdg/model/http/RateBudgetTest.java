package io.sparksdg.model.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateBudgetTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private long now = 1_000 * SECOND;

  @Test
  void startsWithASecondsWorthAndPacesFromTheFirstReservation() {
    RateBudget budget = new RateBudget(60, () -> now);

    assertThat(budget.reserve(1)).isZero();
    assertThat(budget.reserve(1)).isEqualTo(SECOND);
    assertThat(budget.reserve(1)).isEqualTo(2 * SECOND);
  }

  @Test
  void anUnusedBudgetBuildsUpToAMinutesWorthThenSpacesReservationsEvenly() {
    RateBudget budget = new RateBudget(60, () -> now);
    now += 120 * SECOND;

    for (int i = 0; i < 60; i++) {
      assertThat(budget.reserve(1)).isZero();
    }
    assertThat(budget.reserve(1)).isEqualTo(SECOND);
    assertThat(budget.reserve(1)).isEqualTo(2 * SECOND);

    now += 10 * SECOND;
    assertThat(budget.available()).isEqualTo(8.0, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void givesBackWhatAnAttemptDidNotUse() {
    RateBudget budget = new RateBudget(1_000, () -> now);
    now += 60 * SECOND;
    budget.reserve(900);

    budget.adjust(900 - 150);

    assertThat(budget.available()).isEqualTo(850.0, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void obeysTheServersRemainingCountAndItsReset() {
    RateBudget budget = new RateBudget(100, () -> now);
    now += 60 * SECOND;

    budget.serverSays(5, OptionalLong.of(SECOND));
    assertThat(budget.available()).isEqualTo(5.0, org.assertj.core.data.Offset.offset(1e-6));

    budget.serverSays(0, OptionalLong.of(30 * SECOND));
    assertThat(budget.reserve(1)).isEqualTo(30 * SECOND);
  }

  @Test
  void anUnlimitedBudgetOnlyWaitsWhenTheServerSaysNothingRemains() {
    RateBudget budget = new RateBudget(null, () -> now);
    assertThat(budget.reserve(1_000_000)).isZero();

    budget.serverSays(0, OptionalLong.of(2 * SECOND));

    assertThat(budget.reserve(1)).isEqualTo(2 * SECOND);
    now += 2 * SECOND;
    assertThat(budget.reserve(1)).isZero();
  }

  @Test
  void readsOpenAiStyleResetDurations() {
    assertThat(RateBudget.parseResetNanos("1s")).hasValue(SECOND);
    assertThat(RateBudget.parseResetNanos("6m0s")).hasValue(360 * SECOND);
    assertThat(RateBudget.parseResetNanos("20ms")).hasValue(20_000_000);
    assertThat(RateBudget.parseResetNanos("1h2m3.5s")).hasValue(3_723_500_000_000L);
    assertThat(RateBudget.parseResetNanos("0.5")).hasValue(500_000_000);
    assertThat(RateBudget.parseResetNanos("soon")).isEmpty();
    assertThat(RateBudget.parseResetNanos("1s soon")).isEmpty();
    assertThat(RateBudget.parseRemaining("42")).isEqualTo(42.0);
    assertThat(RateBudget.parseRemaining("x")).isNaN();
  }
}
