package io.sparksdg.report;

import java.util.List;

/**
 * One run into an output root (the first, or a resume), from {@code _metrics.json}'s {@code
 * attempts}: what that run requested and spent.
 *
 * @param runId the run's id
 * @param finished when it wrote its metrics (ISO-8601, to the second)
 * @param costUsd what it spent, or null when no price is configured
 * @param endpoints its counters per endpoint
 */
public record RunAttempt(
    String runId, String finished, Double costUsd, List<EndpointFigures> endpoints) {

  public RunAttempt {
    endpoints = List.copyOf(endpoints);
  }

  public long requests() {
    return endpoints.stream().mapToLong(EndpointFigures::requests).sum();
  }

  public long promptTokens() {
    return endpoints.stream().mapToLong(EndpointFigures::promptTokens).sum();
  }

  public long completionTokens() {
    return endpoints.stream().mapToLong(EndpointFigures::completionTokens).sum();
  }
}
