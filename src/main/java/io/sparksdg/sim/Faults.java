package io.sparksdg.sim;

import java.util.List;

/**
 * Which faults the simulator injects, as the probability of each kind per request attempt.
 *
 * <p>The fault for an attempt is a deterministic function of the request body, the attempt number
 * and the simulator's seed, so runs are reproducible and a retried request eventually succeeds
 * whenever {@link #total()} is below 1.
 *
 * @param rateLimited 429 with a {@code Retry-After} (seconds or HTTP-date) or {@code
 *     retry-after-ms} header
 * @param serverError 500
 * @param unavailable 503
 * @param resetBeforeHeaders the connection is reset (TCP RST) before anything is written
 * @param resetMidBody headers promise a longer body than is written, then the connection is reset
 * @param malformedBody 200 with a truncated, unparseable JSON body
 * @param stall no answer at all; the connection stays open until the client gives up
 * @param rejectMarkers a request whose last user message contains one of these substrings gets a
 *     permanent 400 on every attempt, or the 4xx status the marker ends with ({@code X-404}, {@code
 *     X-422})
 */
public record Faults(
    double rateLimited,
    double serverError,
    double unavailable,
    double resetBeforeHeaders,
    double resetMidBody,
    double malformedBody,
    double stall,
    List<String> rejectMarkers) {

  /** How many probabilistic fault kinds there are; {@link #spread} divides a rate among them. */
  static final int KINDS = 7;

  public Faults {
    checkRate("rateLimited", rateLimited);
    checkRate("serverError", serverError);
    checkRate("unavailable", unavailable);
    checkRate("resetBeforeHeaders", resetBeforeHeaders);
    checkRate("resetMidBody", resetMidBody);
    checkRate("malformedBody", malformedBody);
    checkRate("stall", stall);
    rejectMarkers = rejectMarkers == null ? List.of() : List.copyOf(rejectMarkers);
    for (String marker : rejectMarkers) {
      if (marker.isEmpty()) {
        throw new IllegalArgumentException("A reject marker must not be empty");
      }
    }
    double total =
        rateLimited
            + serverError
            + unavailable
            + resetBeforeHeaders
            + resetMidBody
            + malformedBody
            + stall;
    if (total > 1.0 + 1e-9) {
      throw new IllegalArgumentException(
          "Fault rates add up to " + total + ", more than 1: lower some of them");
    }
  }

  /** No faults and no reject markers. */
  public static Faults none() {
    return new Faults(0, 0, 0, 0, 0, 0, 0, List.of());
  }

  /** The given total fault rate spread evenly over every fault kind. */
  public static Faults spread(double totalRate) {
    checkRate("totalRate", totalRate);
    double each = totalRate / KINDS;
    return new Faults(each, each, each, each, each, each, each, List.of());
  }

  /** These faults with the given reject markers instead. */
  public Faults withRejectMarkers(List<String> markers) {
    return new Faults(
        rateLimited,
        serverError,
        unavailable,
        resetBeforeHeaders,
        resetMidBody,
        malformedBody,
        stall,
        markers);
  }

  /** The probability that an attempt gets some fault (reject markers aside). */
  public double total() {
    return rateLimited
        + serverError
        + unavailable
        + resetBeforeHeaders
        + resetMidBody
        + malformedBody
        + stall;
  }

  private static void checkRate(String name, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(
          "Fault rate " + name + " must be between 0 and 1, got " + rate);
    }
  }
}
