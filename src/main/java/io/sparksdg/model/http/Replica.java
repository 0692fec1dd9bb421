package io.sparksdg.model.http;

import okhttp3.HttpUrl;

/**
 * One server behind an endpoint: its URL, its own in-flight limit and counters, and whether it is
 * live or ejected. Its health fields are guarded by the {@link ReplicaSet} that holds it.
 */
final class Replica {

  private final int position;
  private final int count;
  private final String baseUrl;
  private final HttpUrl chatUrl;
  private final ConcurrencyLimiter limiter;
  private final ReplicaStats stats;

  // guarded by the ReplicaSet's lock
  volatile boolean ejected;
  boolean probing;
  long probeAtNanos;
  long ejectedAtNanos;
  long returnedAtNanos;
  int failureStreak;
  int backoffLevel;

  Replica(
      int position,
      int count,
      String baseUrl,
      String chatUrl,
      ConcurrencyLimiter limiter,
      ReplicaStats stats) {
    this.position = position;
    this.count = count;
    this.baseUrl = baseUrl;
    this.chatUrl = HttpUrl.get(chatUrl);
    this.limiter = limiter;
    this.stats = stats;
  }

  /** {@code replica 2 of 3 (http://host:8001)}, for log lines. */
  String describe() {
    return "replica " + position + " of " + count + " (" + baseUrl + ")";
  }

  /** Calls holding a slot, relative to the current limit: 0 idle, 1 full. */
  double load() {
    return (double) limiter.inFlight() / Math.max(1, limiter.currentLimit());
  }

  int position() {
    return position;
  }

  String baseUrl() {
    return baseUrl;
  }

  HttpUrl chatUrl() {
    return chatUrl;
  }

  ConcurrencyLimiter limiter() {
    return limiter;
  }

  ReplicaStats stats() {
    return stats;
  }
}
