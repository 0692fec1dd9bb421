package io.sparksdg.model.http;

/**
 * A snapshot of one replica's activity in this JVM.
 *
 * @param url the replica's base URL
 * @param calls HTTP attempts sent to it
 * @param errors attempts that failed there (no answer or an error status, 429 included)
 * @param ejections how often it was taken out of rotation
 * @param currentLimit its in-flight limit now
 * @param inFlight calls holding one of its slots now
 * @param latencyBuckets the latency histogram of its successful attempts; see {@link
 *     HttpModelClients#latencyPercentileMillis(long[], double)}
 */
public record ReplicaCounters(
    String url,
    long calls,
    long errors,
    long ejections,
    int currentLimit,
    int inFlight,
    long[] latencyBuckets) {

  public ReplicaCounters {
    latencyBuckets = latencyBuckets.clone();
  }
}
