package io.sparksdg.model.http;

import io.sparksdg.config.BackpressureMode;
import io.sparksdg.config.EndpointConfig;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One endpoint's in-flight limit in this JVM, shared by all its tasks: callers take a slot before a
 * call and give it back when the call is over, waiting in arrival order while the endpoint is at
 * its limit.
 *
 * <p>When adaptive, the limit moves between {@code min} and {@code max} on evidence of overload,
 * never on the natural spread of answer lengths. It is multiplied by {@value #OVERLOAD_FACTOR} when
 * the server says it is overloaded (429, 503, a timeout). Servers such as vLLM queue requests
 * instead of refusing them, and a queue delays every answer, the shortest ones too: so the signal
 * is a low percentile (p{@value #LOW_PERCENTILE}) of the latencies in a window of recent calls,
 * which a long answer does not move, compared with its own baseline: first the low percentile of
 * the first calls sent, all of them answered (a fresh start's first answers in are its shortest, so
 * a baseline taken from them is one no later round reaches), then the lowest seen, drifting up
 * slowly so that a lasting change in the work becomes the new normal. When it stays past {@value
 * #LATENCY_TOLERANCE} times the baseline at the end of a round (half a window) while at least half
 * the limit is in use (the percentile is smoothed over rounds, so one unlucky round does not
 * count), the limit is cut by the server's queue as Little's law estimates it (the rise times the
 * rate answers come back; at most halved, at least by 5%), at most once per round trip. A cut is
 * then checked ({@link CutCheck}): if the calls sent after it are not faster, the server does not
 * queue, the limit goes back up and the latency before the cut becomes the baseline. Each success
 * while the limit is in use adds {@code max(1 / limit, }{@value #GROWTH}{@code )}, so it grows back
 * by about 5% per round trip. It starts at {@code max}: the configured budget is trusted until the
 * server says otherwise.
 *
 * <p>In queue mode (a {@link QueueSignal} and a bound), each new reading of the server's waiting
 * queue moves the limit instead of latency, towards {@value #QUEUE_TARGET} of the bound, so that
 * the queue's swings (bursts of long answers ending, readings a poll interval old) stay under the
 * bound itself. Over the target, the limit is cut by this JVM's share (its in-flight calls over the
 * server's running plus waiting) of {@value #QUEUE_GAIN} times the excess, so that executors
 * reading the same queue together cut it by about that much and not by as many times over; the next
 * cut waits until this one has taken effect (in-flight at or under the limit). Under the target,
 * while the limit is in use, it grows by its share of the same fraction of the room left, and by
 * {@value #EMPTY_QUEUE_GROWTH} of itself when nothing waits (the server may have many free slots).
 * 429, 503 and timeouts still cut it; while there is no recent reading, latency drives it as above.
 * A job's limiter in queue mode starts at {@value #SLOW_START_BOUNDS} times the bound and grows
 * {@value #SLOW_START_GROWTH}-fold at each reading while the queue stays under its target (a slow
 * start, as TCP's; a server's spare slots are unknown, so each step overshoots them by at most
 * half), so the first burst does not queue {@code max} calls at the server; without any reading in
 * its first seconds it goes to {@code max}, trusting the configured budget as latency mode does.
 */
final class ConcurrencyLimiter {

  static final double OVERLOAD_FACTOR = 0.7;
  static final double LATENCY_TOLERANCE = 2.0;
  static final double GROWTH = 0.05;
  static final int LOW_PERCENTILE = 10;
  // the window: two round trips at the max limit, from 64 to 256 calls; a round is half of it
  private static final int MIN_WINDOW = 64;
  private static final int MAX_WINDOW = 256;
  // the low percentile is smoothed over rounds; the baseline drifts up by 0.3% of the gap a round
  private static final double LOW_WEIGHT = 0.5;
  private static final double BASELINE_DRIFT = 0.003;
  private static final int ROUNDS_OVER = 1;
  // a cut on latency takes away the calls Little's law counts as queued: between 5% and half
  private static final double SMALLEST_CUT = 0.95;
  private static final double DEEPEST_CUT = 0.5;
  // recent latency, for the cooldown between cuts: EWMA over about 20 calls
  private static final double RECENT_WEIGHT = 0.05;
  private static final long MIN_COOLDOWN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  // below this a rise is noise (a GC pause, a client whose own CPU is saturated), not a server
  // queue, which delays answers by at least a share of a service time
  private static final double MIN_LATENCY_RISE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  // how long a cut waits for its cohort's answers: the slowest of 64 heavy-tailed answers
  private static final long CHECK_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(2);
  private static final double CHECK_PATIENCE_ROUND_TRIPS = 20;

  // queue mode: the share of the distance to the bound closed per reading (a reading is up to an
  // interval old, and a cut shows only as calls finish), and the growth while nothing waits
  static final double QUEUE_GAIN = 0.5;
  static final double EMPTY_QUEUE_GROWTH = 0.1;
  static final double QUEUE_TARGET = 0.5;
  // queue mode starts at this many times the bound and doubles per reading while nothing waits,
  // so that a job's first burst does not queue max-concurrency calls at once; without a reading
  // this long after the start, the configured max is trusted as in latency mode
  static final int SLOW_START_BOUNDS = 2;
  static final double SLOW_START_GROWTH = 1.5;
  private static final long SLOW_START_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final int min;
  private final int max;
  private final boolean adaptive;
  private final LongSupplier nanoClock;
  // queue mode: the server's queue depth, or null
  private final Supplier<QueueSignal.Reading> queue;
  private final int queueBound;
  // fair, so that no task starves while others keep the endpoint busy
  private final ReentrantLock lock = new ReentrantLock(true);
  private final Condition slotFree = lock.newCondition();

  // all guarded by lock
  private int inFlight;
  private double limit;
  private double recentNanos = Double.NaN;
  private final long[] window;
  private int windowCount;
  private int windowNext;
  private int sinceRound;
  private double lowNanos = Double.NaN;
  private double baselineNanos = Double.NaN;
  private int roundsOver;
  // the rate answers came back at over the last round, and when this round began
  private double answersPerNano;
  private long roundStartNanos;
  // after a cut on latency, no growth until a round at the new limit shows the queue gone
  private boolean holding;
  // after a cut on latency, whether it lowered latency; null when no cut waits for its verdict
  private CutCheck check;
  private long lastDecreaseNanos;
  private final LimitLog log;
  private volatile int currentLimit;
  // queue mode, guarded by lock: the last reading acted on, the most in flight since
  private long lastReadingSeq = -1;
  private int peakInFlight;
  private boolean slowStart;
  private final long startNanos;

  ConcurrencyLimiter(String endpoint, int min, int max, boolean adaptive, LongSupplier nanoClock) {
    this(endpoint, min, max, adaptive, nanoClock, null, 0);
  }

  /**
   * @param queue the server's queue readings for queue mode (null for none: latency drives the
   *     limit)
   * @param queueBound the waiting requests queue mode keeps the server at or under
   */
  ConcurrencyLimiter(
      String endpoint,
      int min,
      int max,
      boolean adaptive,
      LongSupplier nanoClock,
      Supplier<QueueSignal.Reading> queue,
      int queueBound) {
    this(endpoint, min, max, adaptive, nanoClock, queue, queueBound, false);
  }

  /**
   * @param slowStart in queue mode, start at {@value #SLOW_START_BOUNDS} times the bound and grow
   *     per reading while the server's queue stays under its target, rather than at {@code max}
   */
  ConcurrencyLimiter(
      String endpoint,
      int min,
      int max,
      boolean adaptive,
      LongSupplier nanoClock,
      Supplier<QueueSignal.Reading> queue,
      int queueBound,
      boolean slowStart) {
    if (min < 1 || max < min) {
      throw new IllegalArgumentException("Bad concurrency bounds: min=" + min + ", max=" + max);
    }
    this.min = min;
    this.max = max;
    this.adaptive = adaptive;
    this.nanoClock = nanoClock;
    this.queue = adaptive ? queue : null;
    this.queueBound = queueBound;
    this.slowStart = slowStart && this.queue != null;
    int start = this.slowStart ? Math.max(min, Math.min(max, SLOW_START_BOUNDS * queueBound)) : max;
    this.limit = start;
    this.currentLimit = start;
    this.startNanos = nanoClock.getAsLong();
    this.roundStartNanos = startNanos;
    this.window = new long[Math.max(MIN_WINDOW, Math.min(MAX_WINDOW, 2 * max))];
    this.lastDecreaseNanos = nanoClock.getAsLong() - TimeUnit.DAYS.toNanos(1);
    this.log = new LimitLog(endpoint, max, startNanos);
    this.check = adaptive ? CutCheck.first(MIN_LATENCY_RISE_NANOS) : null;
  }

  /**
   * The limiter an endpoint's config asks for: fixed ({@code backpressure: none} or {@code
   * adaptive: false}), driven by latency, or by the server's queue.
   */
  static ConcurrencyLimiter forEndpoint(String endpoint, EndpointConfig config) {
    BackpressureMode mode = config.backpressureMode();
    QueueSignal signal = QueueSignal.forEndpoint(config);
    return new ConcurrencyLimiter(
        endpoint,
        config.limits().minConcurrency(),
        config.maxConcurrency(),
        mode != BackpressureMode.NONE,
        System::nanoTime,
        signal == null ? null : signal::latest,
        config.backpressure().queueBound(),
        true);
  }

  /** Takes a slot, waiting while {@link #currentLimit} calls are in flight. */
  void acquire() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (inFlight >= currentLimit) {
        slotFree.await();
      }
      inFlight++;
      if (check != null) {
        check.onSend(nanoClock.getAsLong());
      }
      peakInFlight = Math.max(peakInFlight, inFlight);
    } finally {
      lock.unlock();
    }
  }

  /** Takes a slot if one is free now, without waiting; true when it did. */
  boolean tryAcquire() {
    lock.lock();
    try {
      if (inFlight >= currentLimit) {
        return false;
      }
      inFlight++;
      if (check != null) {
        check.onSend(nanoClock.getAsLong());
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Gives a slot back. */
  void release() {
    lock.lock();
    try {
      inFlight--;
      if (queue != null) {
        followQueue();
      }
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
      boolean queueDriven = queue != null && followQueue();
      recentNanos =
          Double.isNaN(recentNanos)
              ? latencyNanos
              : recentNanos + RECENT_WEIGHT * (latencyNanos - recentNanos);
      if (check != null) {
        judgeCut(latencyNanos);
      }
      window[windowNext] = latencyNanos;
      windowNext = (windowNext + 1) % window.length;
      windowCount = Math.min(windowCount + 1, window.length);
      boolean inUse = inFlight * 2 >= limit;
      // a round is half a window of answers; the baseline waits for the first calls' cohort
      if (++sinceRound >= window.length / 2 && windowCount >= Math.min(window.length, MIN_WINDOW)) {
        sinceRound = 0;
        long now = nanoClock.getAsLong();
        answersPerNano = window.length / 2.0 / Math.max(1, now - roundStartNanos);
        roundStartNanos = now;
        endRound(inUse && !queueDriven);
      }
      if (!queueDriven && roundsOver == 0 && !holding && limit < max && inUse) {
        setLimit(Math.min(max, limit + Math.max(1 / limit, GROWTH)), null);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Counts an answer towards the last cut's verdict; undoes the cut when latency did not fall with
   * it: the server does not queue, and the low percentile before the cut becomes the baseline.
   */
  private void judgeCut(long latencyNanos) {
    long now = nanoClock.getAsLong();
    check.onSuccess(now, latencyNanos);
    if (!check.done(now)) {
      return;
    }
    CutCheck judged = check;
    check = null;
    if (Double.isNaN(judged.lowBefore())) {
      baselineNanos = judged.lowAfter(); // the first calls' cohort
      return;
    }
    if (judged.helped()) {
      return;
    }
    baselineNanos = Math.max(baselineNanos, judged.lowBefore());
    windowCount = 0;
    windowNext = 0;
    lowNanos = Double.NaN;
    roundsOver = 0;
    holding = false;
    setLimit(
        Math.max(limit, judged.limitBefore()),
        String.format(
            Locale.ROOT,
            "back up: the cut left p%d latency at %.0f ms against %.0f ms before it, so the server"
                + " does not queue; that is the spread of answer lengths",
            LOW_PERCENTILE,
            judged.lowAfter() / 1e6,
            judged.lowBefore() / 1e6));
  }

  /**
   * A round of calls is in: the window's low percentile against its baseline. A slowdown while we
   * keep few calls out is not ours to fix by sending fewer.
   */
  private void endRound(boolean inUse) {
    long[] sorted = Arrays.copyOf(window, windowCount);
    Arrays.sort(sorted);
    double low = sorted[sorted.length * LOW_PERCENTILE / 100];
    lowNanos = Double.isNaN(lowNanos) ? low : lowNanos + LOW_WEIGHT * (low - lowNanos);
    if (Double.isNaN(baselineNanos)) {
      return; // set by the cohort of the first calls
    }
    if (lowNanos < baselineNanos) {
      baselineNanos = lowNanos;
    } else {
      baselineNanos += BASELINE_DRIFT * (lowNanos - baselineNanos);
    }
    boolean over =
        inUse
            && lowNanos > LATENCY_TOLERANCE * baselineNanos
            && lowNanos - baselineNanos > MIN_LATENCY_RISE_NANOS;
    roundsOver = over ? roundsOver + 1 : 0;
    holding &= over;
    if (roundsOver >= ROUNDS_OVER && check == null) {
      // Little's law: the calls out beyond the server's slots are its queue, whose wait is the
      // low percentile's rise; at the rate answers come back that is (rise x rate) calls
      double queued = (lowNanos - baselineNanos) * answersPerNano;
      double toTarget = (limit - queued) / limit;
      String reason =
          String.format(
              Locale.ROOT,
              "p%d latency %.0f ms, %.1f times its baseline: the server queues",
              LOW_PERCENTILE,
              lowNanos / 1e6,
              lowNanos / baselineNanos);
      double before = limit;
      // the latest round's own percentile too: the smoothed one lags a rise
      double lowBefore = Math.max(lowNanos, low);
      double factor = Math.max(DEEPEST_CUT, Math.min(SMALLEST_CUT, toTarget));
      if (decrease(factor, reason)) {
        check =
            new CutCheck(
                nanoClock.getAsLong(),
                lowBefore,
                before,
                factor,
                Math.max(CHECK_PATIENCE_NANOS, (long) (CHECK_PATIENCE_ROUND_TRIPS * recentNanos)),
                MIN_LATENCY_RISE_NANOS);
        // what comes next is measured at the new limit
        windowCount = 0;
        windowNext = 0;
        lowNanos = Double.NaN;
        roundsOver = 0;
        holding = true;
      }
    }
  }

  /**
   * Acts on the queue reading if it is new; whether there is a recent one (else latency drives the
   * limit). Called with the lock held.
   */
  private boolean followQueue() {
    QueueSignal.Reading reading = queue.get();
    if (reading == null) {
      if (slowStart && nanoClock.getAsLong() - startNanos > SLOW_START_GRACE_NANOS) {
        slowStart = false;
        setLimit(max, null);
      }
      return false;
    }
    if (reading.seq() != lastReadingSeq) {
      lastReadingSeq = reading.seq();
      onReading(reading);
    }
    return true;
  }

  private void onReading(QueueSignal.Reading reading) {
    int peak = peakInFlight;
    peakInFlight = inFlight;
    int total = reading.running() + reading.waiting();
    // the part of the server's load that is ours: each JVM reacts to its part of the gap only
    double share = total <= 0 ? 1.0 : Math.min(1.0, Math.max(1, inFlight) / (double) total);
    double excess = reading.waiting() - queueBound * QUEUE_TARGET;
    if (slowStart) {
      if (excess <= 0) {
        if (peak >= currentLimit && limit < max) {
          setLimit(Math.min(max, limit * SLOW_START_GROWTH), null);
        }
        return;
      }
      slowStart = false;
    }
    if (excess > 0) {
      if (inFlight > currentLimit || limit <= min) {
        return; // the last cut has not taken effect yet
      }
      double cut = QUEUE_GAIN * excess * share;
      String reason =
          String.format(
              Locale.ROOT,
              "the server has %d waiting, bound %d, %d running",
              reading.waiting(),
              queueBound,
              reading.running());
      setLimit(Math.max(min, Math.max(limit * DEEPEST_CUT, limit - cut)), reason);
    } else if (excess < 0 && limit < max && peak >= currentLimit) {
      double grow = QUEUE_GAIN * -excess * share;
      if (reading.waiting() == 0) {
        grow = Math.max(grow, EMPTY_QUEUE_GROWTH * limit);
      }
      setLimit(Math.min(max, limit + grow), null);
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
  private boolean decrease(double factor, String reason) {
    long now = nanoClock.getAsLong();
    long cooldown =
        Double.isNaN(recentNanos)
            ? MIN_COOLDOWN_NANOS
            : Math.max(MIN_COOLDOWN_NANOS, (long) recentNanos);
    if (now - lastDecreaseNanos < cooldown || limit <= min) {
      return false;
    }
    lastDecreaseNanos = now;
    setLimit(Math.max(min, limit * factor), reason);
    return true;
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
    log.changed(before, currentLimit, reason, inFlight, nanoClock.getAsLong());
  }
}
