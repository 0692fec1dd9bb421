package io.sparksdg.spark.run;

import java.util.List;
import java.util.Map;

/**
 * What a run made: rows per table, the units of work attempted, and whether failures stayed within
 * the error budget.
 *
 * @param runId this run's id (distinct per run), or null when not known
 * @param causes the most frequent failure causes, most first, each with a real message
 */
public record RunSummary(
    String fingerprint,
    Map<String, Long> rows,
    long workItems,
    long failures,
    double errorBudget,
    String runId,
    List<Cause> causes) {

  /**
   * Failures of one stage and error class whose messages differ only in numbers and ids.
   *
   * @param message one of them, as it was
   */
  public record Cause(long count, String stage, String errorClass, String message) {}

  public RunSummary {
    rows = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rows));
    causes = causes == null ? List.of() : List.copyOf(causes);
  }

  public RunSummary(
      String fingerprint,
      Map<String, Long> rows,
      long workItems,
      long failures,
      double errorBudget) {
    this(fingerprint, rows, workItems, failures, errorBudget, null, List.of());
  }

  /** This summary with its run id and failure causes. */
  public RunSummary with(String runId, List<Cause> causes) {
    return new RunSummary(fingerprint, rows, workItems, failures, errorBudget, runId, causes);
  }

  /** Failed units of work over all units of work attempted. */
  public double failureShare() {
    return workItems == 0 ? 0 : (double) failures / workItems;
  }

  public boolean withinBudget() {
    return failureShare() <= errorBudget;
  }
}
