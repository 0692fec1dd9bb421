package io.sparksdg.report;

import java.util.List;
import java.util.Map;

/**
 * One endpoint's counters from {@code _metrics.json}.
 *
 * @param latencyP50 latency percentiles of successful calls in milliseconds, null when none
 * @param costUsd what its calls cost, or null when no price is configured
 * @param replicas each replica's figures when {@code base-url} lists several; empty otherwise
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
    Double costUsd,
    List<ReplicaFigures> replicas) {

  public EndpointFigures {
    retriesByClass = RunReport.ordered(retriesByClass);
    failuresByClass = RunReport.ordered(failuresByClass);
    replicas = replicas == null ? List.of() : List.copyOf(replicas);
  }

  /** An endpoint with one replica. */
  public EndpointFigures(
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
    this(
        name,
        requests,
        successes,
        retries,
        failures,
        retriesByClass,
        failuresByClass,
        promptTokens,
        completionTokens,
        latencyP50,
        latencyP90,
        latencyP99,
        costUsd,
        List.of());
  }

  /**
   * One replica's figures from {@code _metrics.json}.
   *
   * @param requests HTTP attempts sent to it
   * @param errors attempts that failed there
   * @param latencyP50 latency of its successful attempts in milliseconds, null when none
   * @param limit its in-flight limit at the end (summed over executors)
   * @param ejections how often it was taken out of rotation (summed over executors)
   */
  public record ReplicaFigures(
      String url,
      long requests,
      long errors,
      Double latencyP50,
      Double latencyP95,
      long limit,
      long ejections) {}
}
