package io.sparksdg.ops;

import java.util.List;
import java.util.Locale;

/**
 * One progress report of a model-calling stage: what is done, how fast, when it should end, and how
 * each endpoint is doing. {@link #line()} is the text of a progress line.
 *
 * @param stage the stage's name
 * @param done work items finished (committed in earlier runs, or finished in this one)
 * @param total work items of the stage
 * @param doneAtStart work items already finished when this run reached the stage
 * @param elapsedSeconds time since this run started the stage
 * @param failed work items of this run that ended in failure
 * @param spentUsd what the run has spent so far (NaN when no endpoint has a price)
 * @param endpoints the endpoints' counters
 */
public record Progress(
    String stage,
    long done,
    long total,
    long doneAtStart,
    double elapsedSeconds,
    long failed,
    double spentUsd,
    List<EndpointProgress> endpoints) {

  /**
   * One endpoint as progress shows it.
   *
   * @param name the endpoint
   * @param limit the in-flight limit in force now, summed over executors (0 when not known)
   * @param inFlight requests in flight now (-1 when not known)
   * @param retries attempts retried so far in this run
   * @param failures calls that failed for good so far in this run
   */
  public record EndpointProgress(
      String name, int limit, long inFlight, long retries, long failures) {}

  public Progress {
    done = Math.max(0, Math.min(done, total));
    doneAtStart = Math.min(doneAtStart, done);
    endpoints = List.copyOf(endpoints);
  }

  /** Work items per second finished by this run in this stage; 0 before any. */
  public double rate() {
    return elapsedSeconds <= 0 ? 0 : (done - doneAtStart) / elapsedSeconds;
  }

  /** Seconds until the stage is done at the current rate; 0 when done, NaN when unknown. */
  public double etaSeconds() {
    long remaining = total - done;
    if (remaining <= 0) {
      return 0;
    }
    double rate = rate();
    return rate > 0 ? remaining / rate : Double.NaN;
  }

  /**
   * The progress line, e.g. {@code responses 120/400 (30.0%) 12.5/s ETA 22s failed 1 | generator
   * limit 32 in-flight 30 retries 4 failures 1}; before this run finished anything in the stage,
   * {@code responses 0/400 (0.0%) waiting for the first results (4s) | generator limit 32 in-flight
   * 30 retries 0 failures 0} rather than a rate of 0 and an unknown ETA. The endpoints are the
   * stage's own.
   */
  public String line() {
    StringBuilder b = new StringBuilder();
    b.append(stage)
        .append(' ')
        .append(done)
        .append('/')
        .append(total)
        .append(String.format(Locale.ROOT, " (%.1f%%)", total == 0 ? 100.0 : 100.0 * done / total));
    if (done == doneAtStart && done < total) {
      b.append(doneAtStart > 0 ? " done in earlier runs;" : "")
          .append(" waiting for the first results (")
          .append(duration(elapsedSeconds))
          .append(')');
    } else {
      b.append(String.format(Locale.ROOT, " %.1f/s", rate()))
          .append(" ETA ")
          .append(duration(etaSeconds()))
          .append(" failed ")
          .append(failed);
    }
    if (!Double.isNaN(spentUsd)) {
      b.append(String.format(Locale.ROOT, " spent $%.4f", spentUsd));
    }
    for (EndpointProgress e : endpoints) {
      b.append(" | ").append(e.name());
      if (e.limit() > 0) {
        b.append(" limit ").append(e.limit());
      }
      if (e.inFlight() >= 0) {
        b.append(" in-flight ").append(e.inFlight());
      }
      b.append(" retries ").append(e.retries()).append(" failures ").append(e.failures());
    }
    return b.toString();
  }

  /** {@code 42s}, {@code 3m05s}, {@code 2h07m}; {@code ?} for NaN or infinity. */
  public static String duration(double seconds) {
    if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
      return "?";
    }
    long s = Math.round(Math.max(0, seconds));
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
