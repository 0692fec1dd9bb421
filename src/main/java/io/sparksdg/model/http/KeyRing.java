package io.sparksdg.model.http;

import java.util.List;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of one endpoint in this JVM. Each attempt takes the key that can send it soonest under
 * its own per-minute budgets; a key the server refuses (401, 403) is retired while another is left,
 * and the attempt is retried on another. An endpoint without a key has one keyless entry, so its
 * per-minute budgets work as they always did.
 */
final class KeyRing {

  private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);

  /** A key and how long to wait, in nanoseconds, before an attempt may use it. */
  record Reservation(ApiKey key, long waitNanos) {}

  private final String endpoint;
  private final List<ApiKey> keys;
  // guarded by this: where the search starts, so that keys which tie take turns
  private int next;

  KeyRing(String endpoint, List<ApiKey> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("A key ring needs at least one entry");
    }
    this.endpoint = endpoint;
    this.keys = List.copyOf(keys);
  }

  /**
   * Reserves one request and {@code tokenCount} tokens on the live key that can send soonest; keys
   * that tie (with room, or without budgets of their own) take turns.
   */
  synchronized Reservation reserve(double tokenCount) {
    ApiKey best = null;
    long bestWait = Long.MAX_VALUE;
    int n = keys.size();
    for (int i = 0; i < n; i++) {
      ApiKey key = keys.get((next + i) % n);
      if (key.retired()) {
        continue;
      }
      long wait = Math.max(key.requests().waitFor(1), key.tokens().waitFor(tokenCount));
      if (wait < bestWait) {
        best = key;
        bestWait = wait;
      }
    }
    if (best == null) {
      // every key was retired: the last one refused keeps being used, and refused, as one key is
      best = keys.get(keys.size() - 1);
    }
    next = best.position() % n;
    long wait = Math.max(best.requests().reserve(1), best.tokens().reserve(tokenCount));
    return new Reservation(best, wait);
  }

  /** Corrects a key's token budget once an attempt's real cost (or that it cost none) is known. */
  void settle(ApiKey key, double reserved, double used) {
    key.tokens().adjust(reserved - used);
  }

  /** Tightens a key's budgets from the server's {@code x-ratelimit-*} headers, if any. */
  void serverLimits(ApiKey key, Response response) {
    double remainingRequests =
        RateBudget.parseRemaining(response.header("x-ratelimit-remaining-requests"));
    if (!Double.isNaN(remainingRequests)) {
      key.requests()
          .serverSays(
              remainingRequests,
              RateBudget.parseResetNanos(response.header("x-ratelimit-reset-requests")));
    }
    double remainingTokens =
        RateBudget.parseRemaining(response.header("x-ratelimit-remaining-tokens"));
    if (!Double.isNaN(remainingTokens)) {
      key.tokens()
          .serverSays(
              remainingTokens,
              RateBudget.parseResetNanos(response.header("x-ratelimit-reset-tokens")));
    }
  }

  /**
   * The server refused {@code key} with {@code status}: retires it unless it is the last live one.
   * True when the call may go on with another key.
   */
  synchronized boolean refused(ApiKey key, int status) {
    if (key.retired()) {
      return live() > 0;
    }
    if (live() <= 1) {
      return false;
    }
    key.retire();
    LOG.warn(
        "Endpoint '{}': {} was refused with {}; retired, {} of {} keys left",
        endpoint,
        key.describe(),
        status,
        live(),
        keys.size());
    return true;
  }

  /** Keys not retired. */
  synchronized int live() {
    int n = 0;
    for (ApiKey key : keys) {
      n += key.retired() ? 0 : 1;
    }
    return n;
  }

  List<ApiKey> keys() {
    return keys;
  }
}
