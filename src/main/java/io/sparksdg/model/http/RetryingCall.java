package io.sparksdg.model.http;

import io.sparksdg.model.CallStats;
import io.sparksdg.model.ErrorClass;
import io.sparksdg.model.ModelCallException;
import java.io.IOException;
import java.time.Clock;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical call: attempts run one after another on OkHttp's threads, back-offs wait on the
 * shared scheduler, and the endpoint slot taken by the caller is released exactly once, just before
 * the returned future completes (or when the caller completes or cancels it first).
 */
final class RetryingCall<T> implements Callback {

  private static final Logger LOG = LoggerFactory.getLogger(RetryingCall.class);
  private static final long MAX_ERROR_BODY_BYTES = 16 * 1024;

  private final Endpoint endpoint;
  private final Request request;
  private final Reply.Reader<T> reader;
  private final CompletableFuture<T> future = new CompletableFuture<>();
  private final AtomicBoolean released = new AtomicBoolean();
  private final long startNanos = System.nanoTime();
  private final double tokenEstimate;

  // Attempts run one at a time; OkHttp's dispatcher and the scheduler hand the call from thread
  // to thread with happens-before edges, so these need no further synchronization.
  private int attempts;
  private long attemptStartNanos;
  private volatile Call current;
  private volatile Future<?> pendingRetry;

  RetryingCall(Endpoint endpoint, Request request, Reply.Reader<T> reader, double tokenEstimate) {
    this.endpoint = endpoint;
    this.request = request;
    this.reader = reader;
    this.tokenEstimate = tokenEstimate;
  }

  CompletableFuture<T> start() {
    // the caller may cancel or complete the future itself: give the slot back and stop
    future.whenComplete((value, error) -> abandon());
    long wait = endpoint.reserveAttempt(tokenEstimate);
    if (wait <= 0) {
      attempt();
    } else {
      // a per-minute budget is spent: wait for it without holding the caller's thread
      pendingRetry = SharedHttp.scheduler().schedule(this::attempt, wait, TimeUnit.NANOSECONDS);
    }
    return future;
  }

  private void attempt() {
    if (future.isDone()) {
      endpoint.settleTokens(tokenEstimate, 0);
      return;
    }
    attempts++;
    attemptStartNanos = System.nanoTime();
    endpoint.stats().attemptStarted();
    try {
      Call call = endpoint.client().newCall(request);
      current = call;
      call.enqueue(this);
    } catch (RuntimeException e) {
      endpoint.stats().attemptEnded();
      onAttemptFailed(internal(e));
    }
  }

  @Override
  public void onFailure(Call call, IOException e) {
    endpoint.stats().attemptEnded();
    ErrorClass errorClass = StatusMapping.forException(e);
    onAttemptFailed(
        new AttemptFailure(
            errorClass,
            0,
            fault(errorClass) + " (" + describe(e) + ")",
            null,
            e,
            OptionalLong.empty()));
  }

  @Override
  public void onResponse(Call call, Response response) {
    Outcome<T> outcome;
    try (response) {
      endpoint.serverLimits(response);
      outcome = read(response);
    } catch (RuntimeException e) {
      outcome = new Failed<>(internal(e));
    } finally {
      endpoint.stats().attemptEnded();
    }
    if (outcome instanceof Ok<T> ok) {
      succeed(ok.reply());
    } else {
      onAttemptFailed(((Failed<T>) outcome).failure());
    }
  }

  /** How one attempt that got a response ended. */
  private sealed interface Outcome<V> permits Ok, Failed {}

  private record Ok<V>(Reply<V> reply) implements Outcome<V> {}

  private record Failed<V>(AttemptFailure failure) implements Outcome<V> {}

  private Outcome<T> read(Response response) {
    int status = response.code();
    if (status >= 200 && status < 300) {
      String body;
      try {
        body = response.body().string();
      } catch (IOException e) {
        ErrorClass errorClass = StatusMapping.forException(e);
        return new Failed<>(
            new AttemptFailure(
                errorClass,
                status,
                fault(errorClass) + " while reading the reply (" + describe(e) + ")",
                null,
                e,
                OptionalLong.empty()));
      }
      try {
        return new Ok<>(reader.read(body, new CallStats(attempts, elapsedMillis())));
      } catch (MalformedReplyException e) {
        return new Failed<>(
            new AttemptFailure(
                ErrorClass.MALFORMED_RESPONSE,
                status,
                "malformed reply: " + e.getMessage(),
                null,
                e,
                OptionalLong.empty()));
      }
    }
    ErrorClass errorClass = StatusMapping.forStatus(status);
    OptionalLong retryAfter =
        StatusMapping.retryable(errorClass)
            ? RetryPolicy.retryAfterMillis(
                response.header("retry-after-ms"),
                response.header("Retry-After"),
                Clock.systemUTC())
            : OptionalLong.empty();
    String reason = response.message().isBlank() ? "" : " " + response.message();
    return new Failed<>(
        new AttemptFailure(
            errorClass,
            status,
            status + reason,
            FailureMessages.serverMessage(status, errorBody(response), endpoint.apiKey()),
            null,
            retryAfter));
  }

  private static String errorBody(Response response) {
    try {
      return response.peekBody(MAX_ERROR_BODY_BYTES).string();
    } catch (IOException e) {
      return null;
    }
  }

  private void onAttemptFailed(AttemptFailure failure) {
    EndpointStats stats = endpoint.stats();
    endpoint.settleTokens(tokenEstimate, 0);
    ErrorClass errorClass = failure.errorClass();
    if (errorClass == ErrorClass.RATE_LIMITED
        || errorClass == ErrorClass.TIMEOUT
        || failure.status() == 503) {
      endpoint
          .limiter()
          .onOverload(failure.status() == 0 ? errorClass.label() : "HTTP " + failure.status());
    }
    if (future.isDone()) {
      stats.failed(EndpointStats.CANCELLED);
      return;
    }
    RetryPolicy policy = endpoint.policy();
    if (StatusMapping.retryable(failure.errorClass()) && policy.mayRetry(attempts)) {
      stats.retried(failure.errorClass().label());
      long delay =
          Math.max(
              policy.delayMillis(attempts, failure.retryAfterMillis(), ThreadLocalRandom.current()),
              TimeUnit.NANOSECONDS.toMillis(endpoint.reserveAttempt(tokenEstimate)));
      LOG.debug(
          "Endpoint '{}' attempt {} of {} failed: {}; retrying in {} ms",
          endpoint.name(),
          attempts,
          policy.maxAttempts(),
          FailureMessages.redact(failure.summary(), endpoint.apiKey()),
          delay);
      pendingRetry = SharedHttp.scheduler().schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
      return;
    }
    stats.failed(failure.errorClass().label());
    fail(failure);
  }

  private void succeed(Reply<T> reply) {
    endpoint.limiter().onSuccess(System.nanoTime() - attemptStartNanos);
    endpoint.settleTokens(tokenEstimate, reply.usage().totalTokens());
    if (future.isDone()) {
      endpoint.stats().failed(EndpointStats.CANCELLED);
      return;
    }
    endpoint.stats().succeeded(reply.usage(), TimeUnit.NANOSECONDS.toMicros(elapsedNanos()));
    releaseSlot();
    future.complete(reply.value());
  }

  private void fail(AttemptFailure failure) {
    String message =
        FailureMessages.finalMessage(
            endpoint.name(),
            endpoint.config(),
            request.url().encodedPath(),
            failure,
            attempts,
            endpoint.apiKey());
    if (failure.errorClass() == ErrorClass.INTERNAL) {
      // a bug: show its stack trace
      LOG.warn("{}", message, failure.cause());
    } else {
      LOG.debug("{}", message);
    }
    releaseSlot();
    future.completeExceptionally(
        new ModelCallException(
            failure.errorClass(), failure.status(), attempts, message, failure.cause()));
  }

  /** The future completed: make sure the slot is back and nothing more runs. */
  private void abandon() {
    if (releaseSlot()) {
      Future<?> retry = pendingRetry;
      if (retry != null && retry.cancel(false)) {
        // the attempt it would have made had its budget reserved
        endpoint.settleTokens(tokenEstimate, 0);
      }
      Call call = current;
      if (call != null) {
        call.cancel();
      }
    }
  }

  /** Releases the endpoint slot; true only for the one caller that actually released it. */
  private boolean releaseSlot() {
    if (released.compareAndSet(false, true)) {
      endpoint.release();
      return true;
    }
    return false;
  }

  private AttemptFailure internal(RuntimeException e) {
    return new AttemptFailure(
        ErrorClass.INTERNAL,
        0,
        "internal error (" + describe(e) + ")",
        null,
        e,
        OptionalLong.empty());
  }

  private static String fault(ErrorClass errorClass) {
    return errorClass == ErrorClass.TIMEOUT ? "timed out" : "connection failed";
  }

  private static String describe(Throwable e) {
    return e.getMessage() == null
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private long elapsedNanos() {
    return System.nanoTime() - startNanos;
  }

  private long elapsedMillis() {
    return TimeUnit.NANOSECONDS.toMillis(elapsedNanos());
  }
}
