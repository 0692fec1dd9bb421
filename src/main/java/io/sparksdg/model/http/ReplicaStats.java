package io.sparksdg.model.http;

import java.util.concurrent.atomic.LongAdder;

/** The live counters of one replica: attempts sent to it, how they ended, and its ejections. */
final class ReplicaStats {

  private final LongAdder calls = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder ejections = new LongAdder();
  private final LatencyHistogram latency = new LatencyHistogram();
  private volatile ConcurrencyLimiter limiter;

  /** The limiter whose limit snapshots report: the one of the endpoint created last. */
  void attach(ConcurrencyLimiter newLimiter) {
    limiter = newLimiter;
  }

  void called() {
    calls.increment();
  }

  /** An attempt to this replica answered 2xx after {@code micros}. */
  void answered(long micros) {
    latency.recordMicros(micros);
  }

  /** An attempt to this replica failed (no answer, or an error status). */
  void failed() {
    errors.increment();
  }

  void ejected() {
    ejections.increment();
  }

  ReplicaCounters snapshot(String url) {
    ConcurrencyLimiter l = limiter;
    return new ReplicaCounters(
        url,
        calls.sum(),
        errors.sum(),
        ejections.sum(),
        l == null ? 0 : l.currentLimit(),
        l == null ? 0 : l.inFlight(),
        latency.counts());
  }
}
