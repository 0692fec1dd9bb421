package io.sparksdg.model.http;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One endpoint's in-flight limit changes in the log: a cut, or the limit back at its max, at INFO
 * at most every {@value #REPORT_INTERVAL_SECONDS} s (progress lines show the limit anyway) with a
 * count of the changes since; the rest at DEBUG. Not thread-safe: the limiter calls it under its
 * lock.
 */
final class LimitLog {

  // under the limiter's name, which log configurations already use
  private static final Logger LOG = LoggerFactory.getLogger(ConcurrencyLimiter.class);
  private static final long REPORT_INTERVAL_SECONDS = 30;
  private static final long REPORT_INTERVAL_NANOS =
      TimeUnit.SECONDS.toNanos(REPORT_INTERVAL_SECONDS);

  private final String endpoint;
  private final int max;
  private long lastReportNanos;
  private int changesSinceReport;

  LimitLog(String endpoint, int max, long nowNanos) {
    this.endpoint = endpoint;
    this.max = max;
    this.lastReportNanos = nowNanos - TimeUnit.DAYS.toNanos(1);
  }

  /** The limit went from {@code before} to {@code after}; {@code reason} null when growing. */
  void changed(int before, int after, String reason, int inFlight, long nowNanos) {
    boolean notable = reason != null || after == max;
    if (!notable || nowNanos - lastReportNanos < REPORT_INTERVAL_NANOS) {
      changesSinceReport += notable ? 1 : 0;
      LOG.debug(
          "Endpoint '{}': in-flight limit {} -> {} ({})",
          endpoint,
          before,
          after,
          reason == null ? "growing back" : reason);
      return;
    }
    String since =
        changesSinceReport == 0
            ? ""
            : String.format(
                " [%d other changes in the last %d s]",
                changesSinceReport, TimeUnit.NANOSECONDS.toSeconds(nowNanos - lastReportNanos));
    if (reason != null) {
      LOG.info(
          "Endpoint '{}': in-flight limit {} -> {} ({}; {} in flight, max {}){}",
          endpoint,
          before,
          after,
          reason,
          inFlight,
          max,
          since);
    } else {
      LOG.info("Endpoint '{}': in-flight limit back at its max {}{}", endpoint, max, since);
    }
    lastReportNanos = nowNanos;
    changesSinceReport = 0;
  }
}
