package io.sparksdg.model.http;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Whether a cut of the in-flight limit on latency did what a cut does against a queueing server:
 * lower the latency of the calls sent after it. A queue delays every answer by about the same wait,
 * so sending fewer shortens it; a server with a free slot for every call answers as fast at any
 * limit, and then the rise that caused the cut was the spread of answer lengths (a fresh start's
 * first answers are its shortest ones, which can set a baseline no later round reaches).
 *
 * <p>The evidence is a cohort: the first {@value #COHORT} calls sent after the cut, all of them in
 * (the first answers of any group are its shortest, so a partial group would look faster than it
 * is), their p{@value ConcurrencyLimiter#LOW_PERCENTILE} latency against the one before the cut.
 * Not thread-safe: the limiter calls it under its lock.
 */
final class CutCheck {

  static final int COHORT = 64;
  // time between a slot being taken and its attempt starting, where the latency is measured from
  private static final long SEND_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final long cutNanos;
  private final double lowBefore;
  private final double limitBefore;
  private final double factor;
  private long deadlineNanos;
  private final long patienceNanos;
  private final double minRiseNanos;
  private final long[] latencies = new long[COHORT];
  private int count;
  private int sent;
  private long lastSentNanos = Long.MAX_VALUE;

  /**
   * @param lowBefore the low percentile of latency that caused the cut
   * @param limitBefore the limit before the cut, restored when the cut did not help
   * @param factor the cut: the new limit over the old one
   * @param patienceNanos how long to wait for the cohort; a verdict on fewer calls after that
   * @param minRiseNanos a drop smaller than this is noise
   */
  CutCheck(
      long cutNanos,
      double lowBefore,
      double limitBefore,
      double factor,
      long patienceNanos,
      double minRiseNanos) {
    this.cutNanos = cutNanos;
    this.lowBefore = lowBefore;
    this.limitBefore = limitBefore;
    this.factor = factor;
    // the start's cohort (every call is sent after it) counts its patience from the first answer
    this.deadlineNanos = cutNanos == Long.MIN_VALUE ? Long.MAX_VALUE : cutNanos + patienceNanos;
    this.patienceNanos = patienceNanos;
    this.minRiseNanos = minRiseNanos;
  }

  /**
   * The first calls' cohort, which sets the baseline: every call is sent after the start, and the
   * first answers in are the shortest, so the baseline waits for all of them (up to a minute after
   * the first).
   */
  static CutCheck first(double minRiseNanos) {
    return new CutCheck(
        Long.MIN_VALUE, Double.NaN, 0, 1.0, TimeUnit.MINUTES.toNanos(1), minRiseNanos);
  }

  /** A slot was taken at {@code now}: the cohort is the first {@value #COHORT} after the cut. */
  void onSend(long now) {
    if (sent < COHORT && ++sent == COHORT) {
      lastSentNanos = now;
    }
  }

  /** A call answered at {@code now} after {@code latencyNanos}: counted if it is in the cohort. */
  void onSuccess(long now, long latencyNanos) {
    if (deadlineNanos == Long.MAX_VALUE) {
      deadlineNanos = now + patienceNanos;
    }
    long sentAt = now - latencyNanos;
    if (count < COHORT && sentAt >= cutNanos && sentAt - SEND_SLACK_NANOS <= lastSentNanos) {
      latencies[count++] = latencyNanos;
    }
  }

  /** Whether there is a verdict: the cohort is in, or the wait is over. */
  boolean done(long now) {
    return count >= COHORT || now >= deadlineNanos;
  }

  /**
   * Whether the cut lowered latency by at least half as much as it lowered the limit: a queue's
   * wait falls faster than the limit (with {@code k} slots it goes with {@code limit - k}), while
   * the spread of the cohort's answers alone moves its low percentile by less than that in most
   * cases. With fewer than half the cohort in by the deadline there is no evidence against the cut,
   * and it stays.
   */
  boolean helped() {
    if (count < COHORT / 2) {
      return true;
    }
    double after = lowAfter();
    return after < lowBefore * (1 + factor) / 2 && lowBefore - after > minRiseNanos;
  }

  double lowBefore() {
    return lowBefore;
  }

  double limitBefore() {
    return limitBefore;
  }

  /** The cohort's low percentile so far, in nanoseconds; NaN before any answer. */
  double lowAfter() {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(latencies, count);
    Arrays.sort(sorted);
    return sorted[count * ConcurrencyLimiter.LOW_PERCENTILE / 100];
  }
}
