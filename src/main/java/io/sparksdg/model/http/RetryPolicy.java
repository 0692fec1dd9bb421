package io.sparksdg.model.http;

import io.sparksdg.config.EndpointConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * How many attempts a call gets and how long to wait between them: exponential back-off with full
 * jitter, unless the server said how long to wait ({@code retry-after-ms} or {@code Retry-After}).
 * Pure: randomness and time are passed in.
 */
record RetryPolicy(int maxAttempts, long initialBackoffMillis, long maxBackoffMillis) {

  private static final long MIN_HINT_CAP_MILLIS = 60_000;

  RetryPolicy {
    if (maxAttempts < 1 || initialBackoffMillis < 0 || maxBackoffMillis < initialBackoffMillis) {
      throw new IllegalArgumentException(
          "Bad retry policy: maxAttempts="
              + maxAttempts
              + ", initialBackoffMillis="
              + initialBackoffMillis
              + ", maxBackoffMillis="
              + maxBackoffMillis);
    }
  }

  static RetryPolicy of(EndpointConfig.Retry retry) {
    return new RetryPolicy(
        retry.maxAttempts(), retry.initialBackoff().toMillis(), retry.maxBackoff().toMillis());
  }

  /** Whether another attempt may follow {@code attemptsMade} attempts. */
  boolean mayRetry(int attemptsMade) {
    return attemptsMade < maxAttempts;
  }

  /**
   * The back-off cap after the {@code failedAttempt}-th attempt (1-based): min(max, initial *
   * 2^(n-1)).
   */
  long backoffCapMillis(int failedAttempt) {
    int doublings = Math.max(0, failedAttempt - 1);
    if (initialBackoffMillis == 0) {
      return 0;
    }
    if (doublings >= 62 || initialBackoffMillis > (maxBackoffMillis >> Math.min(doublings, 62))) {
      return maxBackoffMillis;
    }
    return Math.min(maxBackoffMillis, initialBackoffMillis << doublings);
  }

  /** Full jitter: uniform in [0, cap]. */
  long jitteredBackoffMillis(int failedAttempt, RandomGenerator random) {
    long cap = backoffCapMillis(failedAttempt);
    return cap == 0 ? 0 : random.nextLong(cap + 1);
  }

  /** The largest server-requested delay we honour: twice max-backoff, and at least 60 s. */
  long hintCapMillis() {
    long doubled = maxBackoffMillis > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : maxBackoffMillis * 2;
    return Math.max(doubled, MIN_HINT_CAP_MILLIS);
  }

  /** The delay before the next attempt: the server's hint when it gave one, else full jitter. */
  long delayMillis(int failedAttempt, OptionalLong hintMillis, RandomGenerator random) {
    if (hintMillis.isPresent()) {
      return Math.min(Math.max(0, hintMillis.getAsLong()), hintCapMillis());
    }
    return jitteredBackoffMillis(failedAttempt, random);
  }

  /**
   * The server's requested delay: {@code retry-after-ms} (milliseconds) wins over {@code
   * Retry-After} (delta-seconds or an HTTP-date). Empty when neither header is present or parses.
   */
  static OptionalLong retryAfterMillis(String retryAfterMs, String retryAfter, Clock clock) {
    if (retryAfterMs != null) {
      try {
        double ms = Double.parseDouble(retryAfterMs.trim());
        if (ms >= 0 && Double.isFinite(ms)) {
          return OptionalLong.of((long) Math.ceil(ms));
        }
      } catch (NumberFormatException e) {
        // fall through to Retry-After
      }
    }
    if (retryAfter == null || retryAfter.isBlank()) {
      return OptionalLong.empty();
    }
    String value = retryAfter.trim();
    if (value.chars().allMatch(Character::isDigit)) {
      try {
        return OptionalLong.of(Duration.ofSeconds(Long.parseLong(value)).toMillis());
      } catch (NumberFormatException | ArithmeticException e) {
        return OptionalLong.empty();
      }
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return OptionalLong.of(Math.max(0, Duration.between(clock.instant(), at).toMillis()));
    } catch (DateTimeParseException e) {
      return OptionalLong.empty();
    }
  }
}
