package io.sparksdg.model.http;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Lock-free latency histogram with logarithmic buckets 4% wide, from 1 µs to about 4 hours, so any
 * percentile is reported within 4% of the truth.
 */
final class LatencyHistogram {

  private static final double GROWTH = 1.04;
  private static final double LOG_GROWTH = Math.log(GROWTH);
  private static final int BUCKETS = 600;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  void recordMicros(long micros) {
    counts.incrementAndGet(bucket(micros));
  }

  /** Bucket b holds values in (GROWTH^(b-1), GROWTH^b]. */
  static int bucket(long micros) {
    if (micros <= 1) {
      return 0;
    }
    int b = (int) Math.ceil(Math.log(micros) / LOG_GROWTH - 1e-9);
    return Math.min(b, BUCKETS - 1);
  }

  /** The q-quantile (0..1) in milliseconds, as its bucket's upper bound; NaN when empty. */
  double percentileMillis(double q) {
    return percentileMillis(counts(), q);
  }

  /** A copy of the bucket counts, to merge with other histograms' by adding them up. */
  long[] counts() {
    long[] snapshot = new long[BUCKETS];
    for (int b = 0; b < BUCKETS; b++) {
      snapshot[b] = counts.get(b);
    }
    return snapshot;
  }

  /** The q-quantile (0..1) in milliseconds of bucket counts from {@link #counts()}. */
  static double percentileMillis(long[] snapshot, double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("A quantile must be in [0, 1], got " + q);
    }
    if (snapshot.length != BUCKETS) {
      throw new IllegalArgumentException(
          "Expected " + BUCKETS + " latency buckets, got " + snapshot.length);
    }
    long total = 0;
    for (long c : snapshot) {
      total += c;
    }
    if (total == 0) {
      return Double.NaN;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int b = 0; b < BUCKETS; b++) {
      seen += snapshot[b];
      if (seen >= rank) {
        return Math.pow(GROWTH, b) / 1000.0;
      }
    }
    return Math.pow(GROWTH, BUCKETS - 1) / 1000.0;
  }
}
