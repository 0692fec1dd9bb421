package io.sparksdg.sim;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of what the simulator has served, counting chat and reward requests only (not {@code
 * /health}, {@code /v1/models} or {@code /sim/...}).
 *
 * @param requests chat and reward requests received
 * @param ok requests answered with 200 and a well-formed reply
 * @param faulted requests that got an injected fault (429, 5xx, reset, malformed body, stall)
 * @param rejected requests refused for good: 400 (bad body or reject marker) or 401 (API key)
 * @param inFlightNow requests read in full and not yet answered (or their connection closed)
 * @param peakInFlight the highest {@code inFlightNow} seen since start
 * @param requestsByModel requests per requested model name, for bodies that parsed
 * @param serviceMillis service time given, all requests together (with slots: the server's work)
 * @param queuedNow requests waiting for a slot now
 * @param peakQueued the most requests waiting for a slot at once since start
 * @param firstRequestMillis epoch millis of the first chat or reward request, 0 before any
 * @param lastReplyMillis epoch millis of the last well-formed reply, 0 before any
 * @param requestsByKey chat and reward requests by the position (from 1) of the accepted key they
 *     carried, revoked keys included; empty when the simulator takes no key
 * @param revokedKeys the positions of keys revoked so far
 * @param batchFiles files uploaded to {@code /v1/files}
 * @param batchLines request lines in those files
 * @param batchesCreated batches created at {@code /v1/batches}
 */
public record SimulatorStats(
    long requests,
    long ok,
    long faulted,
    long rejected,
    int inFlightNow,
    int peakInFlight,
    Map<String, Long> requestsByModel,
    long serviceMillis,
    int queuedNow,
    int peakQueued,
    long firstRequestMillis,
    long lastReplyMillis,
    Map<String, Long> requestsByKey,
    java.util.List<Integer> revokedKeys,
    long batchFiles,
    long batchLines,
    long batchesCreated) {

  public SimulatorStats {
    requestsByKey =
        Collections.unmodifiableMap(
            new TreeMap<>(requestsByKey == null ? Map.of() : requestsByKey));
    revokedKeys = java.util.List.copyOf(revokedKeys == null ? java.util.List.of() : revokedKeys);
    requestsByModel =
        Collections.unmodifiableMap(
            new TreeMap<>(requestsByModel == null ? Map.of() : requestsByModel));
  }
}
