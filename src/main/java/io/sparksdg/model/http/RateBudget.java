package io.sparksdg.model.http;

import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A per-minute budget of a hosted API (requests or tokens) as a token bucket that holds at most one
 * minute's worth and starts with one second's: a new job paces at the budget from its first request
 * (the key may have been busy just before, and every executor starts at once), and only a budget
 * left unused builds up a burst. Takers reserve ahead and are told how long to wait, so concurrent
 * callers queue in time rather than spin (Guava's {@code RateLimiter} works the same way). The
 * server's {@code x-ratelimit-remaining-*} and {@code x-ratelimit-reset-*} headers tighten it: the
 * bucket never holds more than the server says remains, and when nothing remains, nothing is handed
 * out until the server's reset. A budget with no configured rate only obeys those headers.
 */
final class RateBudget {

  private static final double NANOS_PER_MINUTE = TimeUnit.MINUTES.toNanos(1);
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  private final Integer perMinute;
  private final double perNano;
  private final LongSupplier nanoClock;

  // guarded by this
  private double available;
  private long updatedNanos;
  private long closedUntilNanos;

  /** A budget of {@code perMinute} units, or one without a rate of its own when null. */
  RateBudget(Integer perMinute, LongSupplier nanoClock) {
    this.perMinute = perMinute;
    this.perNano = perMinute == null ? 0 : perMinute / NANOS_PER_MINUTE;
    this.nanoClock = nanoClock;
    this.available = perMinute == null ? 0 : perMinute / 60.0;
    this.updatedNanos = nanoClock.getAsLong();
    this.closedUntilNanos = updatedNanos;
  }

  /** Takes {@code amount} units and returns how many nanoseconds to wait before using them. */
  synchronized long reserve(double amount) {
    long now = nanoClock.getAsLong();
    long closed = Math.max(0, closedUntilNanos - now);
    if (perMinute == null) {
      return closed;
    }
    refill(now);
    available -= amount;
    long refillWait = available >= 0 ? 0 : (long) Math.ceil(-available / perNano);
    return Math.max(closed, refillWait);
  }

  /** How many nanoseconds a reservation of {@code amount} units would wait now; takes nothing. */
  synchronized long waitFor(double amount) {
    long now = nanoClock.getAsLong();
    long closed = Math.max(0, closedUntilNanos - now);
    if (perMinute == null) {
      return closed;
    }
    refill(now);
    double after = available - amount;
    long refillWait = after >= 0 ? 0 : (long) Math.ceil(-after / perNano);
    return Math.max(closed, refillWait);
  }

  /** Gives back (or, when negative, takes more of) units reserved earlier. */
  synchronized void adjust(double amount) {
    if (perMinute != null) {
      refill(nanoClock.getAsLong());
      available = Math.min(perMinute, available + amount);
    }
  }

  /** What the server said remains, and in how many nanoseconds its window resets, when known. */
  synchronized void serverSays(double remaining, OptionalLong resetNanos) {
    long now = nanoClock.getAsLong();
    if (remaining < 1 && resetNanos.isPresent()) {
      closedUntilNanos = Math.max(closedUntilNanos, now + resetNanos.getAsLong());
    }
    if (perMinute != null) {
      refill(now);
      available = Math.min(available, remaining);
    }
  }

  /** Units available now (negative while reservations wait). */
  synchronized double available() {
    if (perMinute != null) {
      refill(nanoClock.getAsLong());
    }
    return available;
  }

  private void refill(long now) {
    long elapsed = now - updatedNanos;
    if (elapsed > 0) {
      available = Math.min(perMinute, available + elapsed * perNano);
      updatedNanos = now;
    }
  }

  /**
   * A reset header's duration in nanoseconds: OpenAI's {@code 1s}, {@code 6m0s}, {@code 20ms},
   * {@code 1h2m3.5s}, or plain seconds ({@code 30}, {@code 0.5}); empty when it does not parse.
   */
  static OptionalLong parseResetNanos(String value) {
    if (value == null || value.isBlank()) {
      return OptionalLong.empty();
    }
    String text = value.trim();
    try {
      double seconds = Double.parseDouble(text);
      return seconds >= 0 && Double.isFinite(seconds)
          ? OptionalLong.of((long) (seconds * 1e9))
          : OptionalLong.empty();
    } catch (NumberFormatException e) {
      // a Go-style duration, below
    }
    Matcher m = DURATION_PART.matcher(text);
    double nanos = 0;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        return OptionalLong.empty();
      }
      end = m.end();
      double n = Double.parseDouble(m.group(1));
      nanos +=
          switch (m.group(2)) {
            case "ms" -> n * 1e6;
            case "s" -> n * 1e9;
            case "m" -> n * 60e9;
            default -> n * 3600e9;
          };
    }
    return end == text.length() && end > 0 ? OptionalLong.of((long) nanos) : OptionalLong.empty();
  }

  /** A remaining-count header as a number; NaN when absent or unparseable. */
  static double parseRemaining(String value) {
    if (value == null || value.isBlank()) {
      return Double.NaN;
    }
    try {
      double n = Double.parseDouble(value.trim());
      return n >= 0 ? n : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
