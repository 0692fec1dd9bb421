package io.sparksdg.report;

import java.util.Map;

/**
 * One endpoint's counters from {@code _metrics.json}.
 *
 * @param latencyP50 latency percentiles of successful calls in milliseconds, null when none
 * @param costUsd what its calls cost, or null when no price is configured
 */
public record EndpointFigures(
    String name,
    long requests,
    long successes,
    long retries,
    long failures,
    Map<String, Long> retriesByClass,
    Map<String, Long> failuresByClass,
    long promptTokens,
    long completionTokens,
    Double latencyP50,
    Double latencyP90,
    Double latencyP99,
    Double costUsd) {

  public EndpointFigures {
    retriesByClass = RunReport.ordered(retriesByClass);
    failuresByClass = RunReport.ordered(failuresByClass);
  }
}
