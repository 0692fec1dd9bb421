package io.sparksdg.spark.run;

import java.util.Map;

/**
 * What a run made: rows per table, the units of work attempted, and whether failures stayed within
 * the error budget.
 */
public record RunSummary(
    String fingerprint, Map<String, Long> rows, long workItems, long failures, double errorBudget) {

  public RunSummary {
    rows = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rows));
  }

  /** Failed units of work over all units of work attempted. */
  public double failureShare() {
    return workItems == 0 ? 0 : (double) failures / workItems;
  }

  public boolean withinBudget() {
    return failureShare() <= errorBudget;
  }
}
