package io.sparksdg.spark.run;

import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * {@code run.max-budget} on the driver: the check before a step's job, each executor's share of
 * what is left, the watch while the job runs (every {@link #CHECK_MILLIS}), and the stop. The tasks
 * enforce their share themselves ({@code SpendLimit}); the watch is the driver's second line.
 */
final class RunBudget {

  static final long CHECK_MILLIS = 250;

  /** Writes one log line (on a terminal, after clearing the progress line). */
  @FunctionalInterface
  interface Log {
    void line(String format, Object... args);
  }

  /** A watch to close when the step's job ends. */
  interface Watch extends AutoCloseable {
    @Override
    void close();
  }

  private final Double max;
  private final DoubleSupplier spentUsd;
  private final ScheduledExecutorService timer;
  private final Log log;
  private volatile boolean spent;

  /**
   * @param max the budget in US dollars, or null for none
   * @param spentUsd what the run has spent so far, as live as the driver can see it
   */
  RunBudget(Double max, DoubleSupplier spentUsd, ScheduledExecutorService timer, Log log) {
    this.max = max;
    this.spentUsd = spentUsd;
    this.timer = timer;
    this.log = log;
  }

  boolean limited() {
    return max != null;
  }

  /** Whether the run stopped (or must stop) because its budget is spent. */
  boolean spent() {
    return spent;
  }

  /** Throws {@link BudgetSpentException} when the budget is spent; before a step's job starts. */
  void check(String table) {
    if (max != null && (spent || spentUsd.getAsDouble() >= max)) {
      spent = true;
      throw stop(table);
    }
  }

  /** Each of {@code executors}' share of what is left of the budget; only when limited. */
  double share(int executors) {
    return Math.max(0, max - spentUsd.getAsDouble()) / executors;
  }

  /** A step's tasks stopped because their share was spent. */
  void markSpent() {
    spent = true;
  }

  /** The exception that stops the run at step {@code table}. */
  BudgetSpentException stop(String table) {
    return new BudgetSpentException(table, spentUsd.getAsDouble(), max);
  }

  /**
   * While open, checks the budget every {@link #CHECK_MILLIS} and runs {@code stop} once when it is
   * spent (the step's tasks then start no new call and commit the calls in flight).
   */
  Watch watch(Runnable stop) {
    if (max == null) {
      return () -> {};
    }
    ScheduledFuture<?> check =
        timer.scheduleWithFixedDelay(
            () -> {
              double now = spentUsd.getAsDouble();
              if (!spent && now >= max) {
                spent = true;
                log.line(
                    "Budget of {} USD spent ({} USD): stopping the calls of this step",
                    max,
                    String.format(Locale.ROOT, "%.4f", now));
                stop.run();
              }
            },
            CHECK_MILLIS,
            CHECK_MILLIS,
            TimeUnit.MILLISECONDS);
    return () -> check.cancel(false);
  }
}
