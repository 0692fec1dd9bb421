package io.sparksdg.model.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);
  private final RetryPolicy policy = new RetryPolicy(6, 500, 30_000);

  @Test
  void capDoublesFromInitialUpToMax() {
    assertThat(policy.backoffCapMillis(1)).isEqualTo(500);
    assertThat(policy.backoffCapMillis(2)).isEqualTo(1_000);
    assertThat(policy.backoffCapMillis(3)).isEqualTo(2_000);
    assertThat(policy.backoffCapMillis(7)).isEqualTo(30_000);
    assertThat(policy.backoffCapMillis(1_000)).isEqualTo(30_000);
    assertThat(new RetryPolicy(3, 0, 0).backoffCapMillis(5)).isZero();
    assertThat(new RetryPolicy(3, Long.MAX_VALUE / 4, Long.MAX_VALUE).backoffCapMillis(4))
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void fullJitterStaysWithinZeroAndTheCapForEverySeed() {
    for (long seed = 0; seed < 2_000; seed++) {
      Random random = new Random(seed);
      for (int attempt = 1; attempt <= 12; attempt++) {
        long cap = policy.backoffCapMillis(attempt);
        assertThat(policy.jitteredBackoffMillis(attempt, random)).isBetween(0L, cap);
      }
    }
  }

  @Test
  void fullJitterSpreadsOverTheWholeRange() {
    Random random = new Random(42);
    long min = Long.MAX_VALUE;
    long max = 0;
    double sum = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      long d = policy.jitteredBackoffMillis(3, random);
      min = Math.min(min, d);
      max = Math.max(max, d);
      sum += d;
    }
    assertThat(min).isLessThan(20);
    assertThat(max).isGreaterThan(1_980);
    assertThat(sum / n).isBetween(950.0, 1_050.0);
  }

  @Test
  void serverHintReplacesJitterAndIsCapped() {
    Random random = new Random(1);
    assertThat(policy.delayMillis(1, OptionalLong.of(1_234), random)).isEqualTo(1_234);
    assertThat(policy.delayMillis(1, OptionalLong.of(10_000_000), random)).isEqualTo(60_000);
    assertThat(new RetryPolicy(3, 1, 50_000).delayMillis(1, OptionalLong.of(10_000_000), random))
        .isEqualTo(100_000);
    assertThat(policy.delayMillis(1, OptionalLong.of(-5), random)).isZero();
  }

  @Test
  void mayRetryUntilMaxAttempts() {
    assertThat(policy.mayRetry(5)).isTrue();
    assertThat(policy.mayRetry(6)).isFalse();
    assertThat(new RetryPolicy(1, 1, 1).mayRetry(1)).isFalse();
  }

  @Test
  void readsRetryAfterSeconds() {
    assertThat(RetryPolicy.retryAfterMillis(null, " 3 ", CLOCK)).hasValue(3_000);
    assertThat(RetryPolicy.retryAfterMillis(null, "0", CLOCK)).hasValue(0);
  }

  @Test
  void readsRetryAfterHttpDate() {
    assertThat(RetryPolicy.retryAfterMillis(null, "Thu, 02 Jan 2025 03:04:15 GMT", CLOCK))
        .hasValue(10_000);
    assertThat(RetryPolicy.retryAfterMillis(null, "Thu, 02 Jan 2025 03:00:00 GMT", CLOCK))
        .hasValue(0);
  }

  @Test
  void retryAfterMsWinsOverRetryAfter() {
    assertThat(RetryPolicy.retryAfterMillis("250", "9", CLOCK)).hasValue(250);
    assertThat(RetryPolicy.retryAfterMillis("12.5", null, CLOCK)).hasValue(13);
    assertThat(RetryPolicy.retryAfterMillis("soon", "2", CLOCK)).hasValue(2_000);
  }

  @Test
  void ignoresHeadersThatDoNotParse() {
    assertThat(RetryPolicy.retryAfterMillis(null, null, CLOCK)).isEmpty();
    assertThat(RetryPolicy.retryAfterMillis(null, "later", CLOCK)).isEmpty();
    assertThat(RetryPolicy.retryAfterMillis(null, "-1", CLOCK)).isEmpty();
    assertThat(RetryPolicy.retryAfterMillis("-3", null, CLOCK)).isEmpty();
    assertThat(RetryPolicy.retryAfterMillis(null, "99999999999999999999", CLOCK)).isEmpty();
  }

  @Test
  void refusesAnInconsistentPolicy() {
    assertThatThrownBy(() -> new RetryPolicy(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(3, 10, 5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
