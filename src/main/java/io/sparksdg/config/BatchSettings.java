package io.sparksdg.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * Batch mode: the endpoint's calls are written as JSONL files, uploaded to {@code /v1/files} and
 * run as {@code /v1/batches}, polled until done.
 *
 * @param mode online (the default) or batch
 * @param completionWindow the batch's completion window, whole hours; 24h by default (the one
 *     window OpenAI offers)
 * @param pollInterval how often the driver asks for a pending batch's status; 30s by default
 * @param maxResubmissions how many times lines that failed or expired are sent again in a new batch
 *     before they go to {@code failures}; 2 by default
 */
public record BatchSettings(
    EndpointMode mode, Duration completionWindow, Duration pollInterval, Integer maxResubmissions)
    implements Serializable {

  public BatchSettings {
    mode = mode == null ? EndpointMode.ONLINE : mode;
    completionWindow = completionWindow == null ? Duration.ofHours(24) : completionWindow;
    Checks.require(
        completionWindow.toHours() >= 1
            && completionWindow.equals(Duration.ofHours(completionWindow.toHours())),
        "batch-completion-window must be whole hours, like 24h, got %s",
        completionWindow);
    pollInterval = pollInterval == null ? Duration.ofSeconds(30) : pollInterval;
    Checks.require(
        !pollInterval.isNegative() && !pollInterval.isZero(),
        "batch-poll-interval must be positive, got %s",
        pollInterval);
    maxResubmissions = maxResubmissions == null ? 2 : maxResubmissions;
    Checks.require(
        maxResubmissions >= 0 && maxResubmissions <= 10,
        "batch-max-resubmissions must be from 0 to 10, got %s",
        maxResubmissions);
  }

  /** The window as the batches API takes it, such as {@code 24h}. */
  public String windowKey() {
    return completionWindow.toHours() + "h";
  }
}
