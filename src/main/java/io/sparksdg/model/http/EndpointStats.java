package io.sparksdg.model.http;

import io.sparksdg.model.Usage;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link EndpointCounters}, updated by every call to one endpoint. */
final class EndpointStats {

  static final String CANCELLED = "cancelled";

  private final LongAdder attempts = new LongAdder();
  private final LongAdder successes = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final ConcurrentMap<String, LongAdder> retriesByClass = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, LongAdder> failuresByClass = new ConcurrentHashMap<>();
  private final LongAdder promptTokens = new LongAdder();
  private final LongAdder completionTokens = new LongAdder();
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong peakInFlight = new AtomicLong();
  private final LatencyHistogram latency = new LatencyHistogram();
  private volatile ConcurrencyLimiter limiter;
  // by base URL, in the order replicas were first seen
  private final Map<String, ReplicaStats> replicas =
      java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());

  /** The counters of one replica, created on first use. */
  ReplicaStats replica(String url) {
    return replicas.computeIfAbsent(url, u -> new ReplicaStats());
  }

  /** A snapshot of every replica's counters, in the order they were first seen. */
  java.util.List<ReplicaCounters> replicaSnapshot() {
    java.util.List<ReplicaCounters> out = new java.util.ArrayList<>();
    synchronized (replicas) {
      replicas.forEach((url, stats) -> out.add(stats.snapshot(url)));
    }
    return out;
  }

  /** The limiter whose limit snapshots report: the one of the endpoint created last. */
  void attach(ConcurrencyLimiter newLimiter) {
    limiter = newLimiter;
  }

  void attemptStarted() {
    attempts.increment();
    long now = inFlight.incrementAndGet();
    peakInFlight.accumulateAndGet(now, Math::max);
  }

  /** The attempt's HTTP exchange is over; how it ended is recorded by one of the methods below. */
  void attemptEnded() {
    inFlight.decrementAndGet();
  }

  void succeeded(Usage usage, long callLatencyMicros) {
    successes.increment();
    promptTokens.add(usage.promptTokens());
    completionTokens.add(usage.completionTokens());
    latency.recordMicros(callLatencyMicros);
  }

  void retried(String errorClass) {
    retries.increment();
    retriesByClass.computeIfAbsent(errorClass, k -> new LongAdder()).increment();
  }

  void failed(String errorClass) {
    failures.increment();
    failuresByClass.computeIfAbsent(errorClass, k -> new LongAdder()).increment();
  }

  /** The q-quantile of successful calls' latency (first attempt to answer) in ms; NaN if none. */
  double latencyPercentileMillis(double q) {
    return latency.percentileMillis(q);
  }

  long[] latencyBuckets() {
    return latency.counts();
  }

  Usage usage() {
    return new Usage(promptTokens.sum(), completionTokens.sum());
  }

  EndpointCounters snapshot() {
    return new EndpointCounters(
        attempts.sum(),
        successes.sum(),
        retries.sum(),
        failures.sum(),
        sums(retriesByClass),
        sums(failuresByClass),
        promptTokens.sum(),
        completionTokens.sum(),
        inFlight.get(),
        peakInFlight.get(),
        currentLimit());
  }

  /** The in-flight limit now: the sum of the replicas' when the endpoint has several. */
  private int currentLimit() {
    synchronized (replicas) {
      if (replicas.size() > 1) {
        return replicaSnapshot().stream().mapToInt(ReplicaCounters::currentLimit).sum();
      }
    }
    return limiter == null ? 0 : limiter.currentLimit();
  }

  private static Map<String, Long> sums(Map<String, LongAdder> adders) {
    Map<String, Long> sums = new TreeMap<>();
    adders.forEach((k, v) -> sums.put(k, v.sum()));
    return sums;
  }
}
