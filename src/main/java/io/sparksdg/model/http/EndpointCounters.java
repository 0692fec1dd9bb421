package io.sparksdg.model.http;

import java.util.Map;

/**
 * A snapshot of one endpoint's HTTP activity in this JVM. Every attempt ends as exactly one of a
 * success, a retried attempt or a call's final failing attempt, so once nothing is in flight {@code
 * attempts == successes + retries + failures}; attempts still running are in {@code inFlight}. The
 * by-class maps are keyed by {@link io.sparksdg.model.ErrorClass#label()} ({@code cancelled} for
 * attempts whose caller gave up on them).
 *
 * @param inFlight HTTP requests running now
 * @param peakInFlight the most HTTP requests that ran at once
 * @param currentLimit the in-flight limit in force now: {@code max-concurrency} (this JVM's share)
 *     unless adaptive concurrency has lowered it; for an endpoint with several replicas, the sum of
 *     theirs
 */
public record EndpointCounters(
    long attempts,
    long successes,
    long retries,
    long failures,
    Map<String, Long> retriesByClass,
    Map<String, Long> failuresByClass,
    long promptTokens,
    long completionTokens,
    long inFlight,
    long peakInFlight,
    int currentLimit) {

  public EndpointCounters {
    retriesByClass = Map.copyOf(retriesByClass);
    failuresByClass = Map.copyOf(failuresByClass);
  }
}
