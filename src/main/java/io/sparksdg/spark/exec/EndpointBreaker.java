package io.sparksdg.spark.exec;

import io.sparksdg.model.ErrorClass;
import io.sparksdg.records.FailureRecord;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stops a run early when an endpoint fails everything (a wrong key, a wrong URL or model, a server
 * that refuses connections), instead of burning through every record. One per endpoint per executor
 * JVM: after {@code threshold} consecutive failures of such a class, with no success in between,
 * the next outcome throws {@link EndpointFailingException}, which fails the Spark job; the driver
 * turns it into one line naming the endpoint and the status.
 */
public final class EndpointBreaker {

  private static final Set<String> FATAL =
      Set.of(ErrorClass.AUTH.label(), ErrorClass.NOT_FOUND.label(), ErrorClass.CONNECTION.label());
  private static final ConcurrentHashMap<String, AtomicInteger> CONSECUTIVE =
      new ConcurrentHashMap<>();

  private static final ConcurrentHashMap<String, String> TRIPPED = new ConcurrentHashMap<>();

  private EndpointBreaker() {}

  /**
   * Throws when the endpoint's breaker tripped in this JVM during the Spark job {@code launch} and
   * nothing succeeded since, so that no new call (a follow-up's included) starts once the run is
   * known to be stopping. A later job (another run in the same JVM) starts afresh.
   */
  static void check(String launch, String endpoint) {
    String message = TRIPPED.get(launch + "/" + endpoint);
    if (message != null) {
      throw new EndpointFailingException(message);
    }
  }

  /** Records a success of the endpoint. */
  static void success(String launch, String endpoint) {
    counter(endpoint).set(0);
    TRIPPED.remove(launch + "/" + endpoint);
  }

  /** Records a failure, and throws when the endpoint has now failed too often in a row. */
  static void failure(String launch, String endpoint, FailureRecord failure, int threshold) {
    if (!FATAL.contains(failure.errorClass())) {
      counter(endpoint).set(0);
      return;
    }
    if (counter(endpoint).incrementAndGet() >= threshold) {
      String message =
          String.format(
              "%s %d consecutive requests to endpoint '%s' failed (%s%s); last: %s",
              EndpointFailingException.MARKER,
              threshold,
              endpoint,
              failure.errorClass(),
              failure.httpStatus() > 0 ? ", HTTP " + failure.httpStatus() : "",
              failure.message());
      TRIPPED.put(launch + "/" + endpoint, message);
      throw new EndpointFailingException(message);
    }
  }

  public static void resetForTests() {
    CONSECUTIVE.clear();
    TRIPPED.clear();
  }

  private static AtomicInteger counter(String endpoint) {
    return CONSECUTIVE.computeIfAbsent(endpoint, e -> new AtomicInteger());
  }

  /** An endpoint fails every request; the run stops. */
  public static final class EndpointFailingException extends RuntimeException {
    static final String MARKER = "[endpoint failing]";

    public EndpointFailingException(String message) {
      super(message);
    }

    /** The one-line message, when {@code error} (or a cause, or Spark's report of it) is one. */
    public static java.util.Optional<String> find(Throwable error) {
      for (Throwable t = error; t != null; t = t.getCause()) {
        String message = t.getMessage();
        if (message != null && message.contains(MARKER)) {
          String line = message.substring(message.indexOf(MARKER) + MARKER.length()).strip();
          int end = line.indexOf('\n');
          return java.util.Optional.of(end < 0 ? line : line.substring(0, end));
        }
      }
      return java.util.Optional.empty();
    }
  }
}
