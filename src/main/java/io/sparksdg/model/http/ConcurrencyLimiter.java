package io.sparksdg.model.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One endpoint's in-flight limit in this JVM, shared by all its tasks: callers take a slot before a
 * call and give it back when the call is over, waiting in arrival order while the endpoint is at
 * its limit.
 *
 * <p>When adaptive, the limit moves between {@code min} and {@code max} (AIMD with a latency
 * gradient): it is multiplied by {@value #OVERLOAD_FACTOR} when the server says it is overloaded
 * (429, 503, a timeout) and by {@value #LATENCY_FACTOR} when the recent latency climbs past {@value
 * #LATENCY_TOLERANCE} times its baseline (servers such as vLLM queue requests instead of refusing
 * them) while at least half the limit is in use, at most once per round trip; each success while
 * the limit is in use adds {@code max(1 / limit, }{@value #GROWTH}{@code )}, so it grows back by
 * about 5% per round trip. It starts at {@code max}: the configured budget is trusted until the
 * server says otherwise.
 */
final class ConcurrencyLimiter {

  private static final Logger LOG = LoggerFactory.getLogger(ConcurrencyLimiter.class);

  static final double OVERLOAD_FACTOR = 0.7;
  static final double LATENCY_FACTOR = 0.8;
  static final double LATENCY_TOLERANCE = 2.0;
  static final double GROWTH = 0.05;
  // recent latency: EWMA over about 20 calls; baseline: the least recent latency, drifting up by
  // about 1% of the gap per round trip so that a lasting change in the work (longer answers)
  // becomes the new normal
  private static final double RECENT_WEIGHT = 0.05;
  private static final double BASELINE_DRIFT = 0.01;
  private static final int MIN_SAMPLES = 20;
  private static final long MIN_COOLDOWN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  // below this a rise is noise (a GC pause, a busy client), not a server queue
  private static final double MIN_LATENCY_RISE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  // limit changes reach the log at INFO at most this often (progress lines show the limit anyway);
  // the rest go to DEBUG
  private static final long REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final String endpoint;
  private final int min;
  private final int max;
  private final boolean adaptive;
  private final LongSupplier nanoClock;
  // fair, so that no task starves while others keep the endpoint busy
  private final ReentrantLock lock = new ReentrantLock(true);
  private final Condition slotFree = lock.newCondition();

  // all guarded by lock
  private int inFlight;
  private double limit;
  private double recentNanos = Double.NaN;
  private double baselineNanos = Double.NaN;
  private long samples;
  private long lastDecreaseNanos;
  private long lastReportNanos;
  private int changesSinceReport;
  private volatile int currentLimit;

  ConcurrencyLimiter(String endpoint, int min, int max, boolean adaptive, LongSupplier nanoClock) {
    if (min < 1 || max < min) {
      throw new IllegalArgumentException("Bad concurrency bounds: min=" + min + ", max=" + max);
    }
    this.endpoint = endpoint;
    this.min = min;
    this.max = max;
    this.adaptive = adaptive;
    this.nanoClock = nanoClock;
    this.limit = max;
    this.currentLimit = max;
    this.lastDecreaseNanos = nanoClock.getAsLong() - TimeUnit.DAYS.toNanos(1);
    this.lastReportNanos = lastDecreaseNanos;
  }

  /** Takes a slot, waiting while {@link #currentLimit} calls are in flight. */
  void acquire() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (inFlight >= currentLimit) {
        slotFree.await();
      }
      inFlight++;
    } finally {
      lock.unlock();
    }
  }

  /** Gives a slot back. */
  void release() {
    lock.lock();
    try {
      inFlight--;
      if (inFlight < currentLimit) {
        slotFree.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** An attempt answered 2xx after {@code latencyNanos}. */
  void onSuccess(long latencyNanos) {
    if (!adaptive) {
      return;
    }
    lock.lock();
    try {
      samples++;
      recentNanos =
          Double.isNaN(recentNanos)
              ? latencyNanos
              : recentNanos + RECENT_WEIGHT * (latencyNanos - recentNanos);
      baselineNanos =
          Double.isNaN(baselineNanos)
              ? recentNanos
              : Math.min(
                  recentNanos,
                  baselineNanos + BASELINE_DRIFT / limit * (recentNanos - baselineNanos));
      boolean inUse = inFlight * 2 >= limit;
      // a slowdown while we keep few calls out is not ours to fix by sending fewer
      if (inUse
          && samples >= MIN_SAMPLES
          && recentNanos > LATENCY_TOLERANCE * baselineNanos
          && recentNanos - baselineNanos > MIN_LATENCY_RISE_NANOS) {
        decrease(LATENCY_FACTOR, "latency rose past its baseline");
      } else if (limit < max && inUse) {
        setLimit(Math.min(max, limit + Math.max(1 / limit, GROWTH)), null);
      }
    } finally {
      lock.unlock();
    }
  }

  /** An attempt met a sign of overload: 429, 503 or a timeout. */
  void onOverload(String reason) {
    if (!adaptive) {
      return;
    }
    lock.lock();
    try {
      decrease(OVERLOAD_FACTOR, reason);
    } finally {
      lock.unlock();
    }
  }

  /** The limit in force now. */
  int currentLimit() {
    return currentLimit;
  }

  /** Calls holding a slot now. */
  int inFlight() {
    lock.lock();
    try {
      return inFlight;
    } finally {
      lock.unlock();
    }
  }

  /** At most once per round trip, so one burst of failures counts as one signal. */
  private void decrease(double factor, String reason) {
    long now = nanoClock.getAsLong();
    long cooldown =
        Double.isNaN(recentNanos)
            ? MIN_COOLDOWN_NANOS
            : Math.max(MIN_COOLDOWN_NANOS, (long) recentNanos);
    if (now - lastDecreaseNanos < cooldown || limit <= min) {
      return;
    }
    lastDecreaseNanos = now;
    setLimit(Math.max(min, limit * factor), reason);
  }

  private void setLimit(double newLimit, String reason) {
    int before = currentLimit;
    limit = newLimit;
    currentLimit = (int) Math.floor(newLimit);
    if (currentLimit > before) {
      slotFree.signalAll();
    }
    if (currentLimit == before) {
      return;
    }
    long now = nanoClock.getAsLong();
    boolean notable = reason != null || currentLimit == max;
    if (!notable || now - lastReportNanos < REPORT_INTERVAL_NANOS) {
      changesSinceReport += notable ? 1 : 0;
      LOG.debug(
          "Endpoint '{}': in-flight limit {} -> {} ({})",
          endpoint,
          before,
          currentLimit,
          reason == null ? "growing back" : reason);
      return;
    }
    String since =
        changesSinceReport == 0
            ? ""
            : String.format(
                " [%d other changes in the last %d s]",
                changesSinceReport, TimeUnit.NANOSECONDS.toSeconds(now - lastReportNanos));
    if (reason != null) {
      LOG.info(
          "Endpoint '{}': in-flight limit {} -> {} ({}; {} in flight, max {}){}",
          endpoint,
          before,
          currentLimit,
          reason,
          inFlight,
          max,
          since);
    } else {
      LOG.info("Endpoint '{}': in-flight limit back at its max {}{}", endpoint, max, since);
    }
    lastReportNanos = now;
    changesSinceReport = 0;
  }
}
