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
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical call: attempts run one after another on OkHttp's threads, back-offs wait on the
 * shared scheduler, and the replica slot taken by the caller is released exactly once, just before
 * the returned future completes (or when the caller completes or cancels it first). Each attempt
 * takes the key that can send it soonest; a retry moves the slot to another live replica with room
 * when there is one, and waits while no replica is live (at most the endpoint's timeout).
 */
final class RetryingCall<T> implements Callback {

  private static final Logger LOG = LoggerFactory.getLogger(RetryingCall.class);
  private static final long MAX_ERROR_BODY_BYTES = 16 * 1024;
  // a retry that finds no replica to go to looks again this often
  private static final long REPLICA_WAIT_MILLIS = 100;

  private final Endpoint endpoint;
  private final RequestBody body;
  private final String path;
  private final Reply.Reader<T> reader;
  private final CompletableFuture<T> future = new CompletableFuture<>();
  private final AtomicBoolean released = new AtomicBoolean();
  private final long startNanos = System.nanoTime();
  private final double tokenEstimate;

  // Attempts run one at a time; OkHttp's dispatcher and the scheduler hand the call from thread
  // to thread with happens-before edges, so these need no further synchronization.
  private int attempts;
  private long attemptStartNanos;
  private ApiKey key;
  private long noReplicaSinceNanos = Long.MIN_VALUE;
  private AttemptFailure lastFailure;
  private volatile Call current;
  private volatile Future<?> pendingRetry;
  // the replica holding this call's slot; moved by retries, guarded by this
  private Replica replica;

  RetryingCall(
      Endpoint endpoint,
      RequestBody body,
      Replica replica,
      Reply.Reader<T> reader,
      double tokenEstimate) {
    this.endpoint = endpoint;
    this.body = body;
    this.path = replica.chatUrl().encodedPath();
    this.replica = replica;
    this.reader = reader;
    this.tokenEstimate = tokenEstimate;
  }

  CompletableFuture<T> start() {
    // the caller may cancel or complete the future itself: give the slot back and stop
    future.whenComplete((value, error) -> abandon());
    long wait = reserve();
    if (wait <= 0) {
      attempt();
    } else {
      // a per-minute budget is spent: wait for it without holding the caller's thread
      pendingRetry = SharedHttp.scheduler().schedule(this::attempt, wait, TimeUnit.NANOSECONDS);
    }
    return future;
  }

  /** Takes the key that can send the next attempt soonest; returns the nanoseconds to wait. */
  private long reserve() {
    KeyRing.Reservation reservation = endpoint.keys().reserve(tokenEstimate);
    key = reservation.key();
    return reservation.waitNanos();
  }

  private void attempt() {
    if (future.isDone()) {
      endpoint.keys().settle(key, tokenEstimate, 0);
      return;
    }
    Replica target = attempts == 0 ? currentReplica() : moveForRetry();
    if (target == null) {
      waitForReplica();
      return;
    }
    noReplicaSinceNanos = Long.MIN_VALUE;
    attempts++;
    attemptStartNanos = System.nanoTime();
    endpoint.stats().attemptStarted();
    target.stats().called();
    try {
      Call call = endpoint.client().newCall(endpoint.request(target, key, body));
      current = call;
      call.enqueue(this);
    } catch (RuntimeException e) {
      endpoint.stats().attemptEnded();
      onAttemptFailed(internal(e));
    }
  }

  private synchronized Replica currentReplica() {
    return replica;
  }

  /** A retry goes to another live replica with room if there is one; null when none is live. */
  private synchronized Replica moveForRetry() {
    if (released.get()) {
      return null;
    }
    Replica target = endpoint.replicas().forRetry(replica);
    if (target != null) {
      replica = target;
    }
    return target;
  }

  /** No replica takes the retry now: look again soon, or give up once none was live too long. */
  private void waitForReplica() {
    if (future.isDone()) {
      endpoint.keys().settle(key, tokenEstimate, 0);
      return;
    }
    long now = System.nanoTime();
    if (noReplicaSinceNanos == Long.MIN_VALUE) {
      noReplicaSinceNanos = now;
    } else if (now - noReplicaSinceNanos >= endpoint.config().timeout().toNanos()) {
      endpoint.keys().settle(key, tokenEstimate, 0);
      // no attempt of its own: the last one was counted as retried, so attempts still add up
      fail(
          new AttemptFailure(
              ErrorClass.CONNECTION,
              0,
              "no replica took the call: " + endpoint.allEjectedMessage(),
              null,
              lastFailure == null ? null : lastFailure.cause(),
              OptionalLong.empty()));
      return;
    }
    pendingRetry =
        SharedHttp.scheduler().schedule(this::attempt, REPLICA_WAIT_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void onFailure(Call call, IOException e) {
    endpoint.stats().attemptEnded();
    ErrorClass errorClass = StatusMapping.forException(e);
    Replica target = currentReplica();
    target.stats().failed();
    endpoint
        .replicas()
        .record(
            target,
            errorClass == ErrorClass.TIMEOUT
                ? ReplicaSet.Result.FAILING
                : ReplicaSet.Result.UNREACHABLE,
            fault(errorClass) + ": " + describe(e));
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
    Replica target = currentReplica();
    int status = response.code();
    try (response) {
      endpoint.keys().serverLimits(key, response);
      outcome = read(response);
    } catch (RuntimeException e) {
      outcome = new Failed<>(internal(e));
    } finally {
      endpoint.stats().attemptEnded();
    }
    if (outcome instanceof Ok<T> ok) {
      target.stats().answered(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - attemptStartNanos));
      endpoint.replicas().record(target, ReplicaSet.Result.OK, null);
      succeed(target, ok.reply());
    } else {
      target.stats().failed();
      endpoint
          .replicas()
          .record(
              target,
              status >= 500 ? ReplicaSet.Result.FAILING : ReplicaSet.Result.NEUTRAL,
              "HTTP " + status);
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
            FailureMessages.serverMessage(status, errorBody(response), key.value()),
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
    lastFailure = failure;
    EndpointStats stats = endpoint.stats();
    endpoint.keys().settle(key, tokenEstimate, 0);
    ErrorClass errorClass = failure.errorClass();
    if (errorClass == ErrorClass.RATE_LIMITED
        || errorClass == ErrorClass.TIMEOUT
        || failure.status() == 503) {
      currentReplica()
          .limiter()
          .onOverload(failure.status() == 0 ? errorClass.label() : "HTTP " + failure.status());
    }
    if (future.isDone()) {
      stats.failed(EndpointStats.CANCELLED);
      return;
    }
    if (errorClass == ErrorClass.AUTH && endpoint.keys().refused(key, failure.status())) {
      // another key is left: this call goes on with it at once
      stats.retried(errorClass.label());
      long wait = reserve();
      pendingRetry = SharedHttp.scheduler().schedule(this::attempt, wait, TimeUnit.NANOSECONDS);
      return;
    }
    RetryPolicy policy = endpoint.policy();
    if (StatusMapping.retryable(failure.errorClass()) && policy.mayRetry(attempts)) {
      stats.retried(failure.errorClass().label());
      long delay =
          Math.max(
              policy.delayMillis(attempts, failure.retryAfterMillis(), ThreadLocalRandom.current()),
              TimeUnit.NANOSECONDS.toMillis(reserve()));
      LOG.debug(
          "Endpoint '{}' attempt {} of {} failed: {}; retrying in {} ms",
          endpoint.name(),
          attempts,
          policy.maxAttempts(),
          endpoint.redact(failure.summary()),
          delay);
      pendingRetry = SharedHttp.scheduler().schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
      return;
    }
    stats.failed(failure.errorClass().label());
    fail(failure);
  }

  private void succeed(Replica target, Reply<T> reply) {
    target.limiter().onSuccess(System.nanoTime() - attemptStartNanos);
    endpoint.keys().settle(key, tokenEstimate, reply.usage().totalTokens());
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
        endpoint.redact(
            FailureMessages.finalMessage(
                endpoint.name(), endpoint.config(), path, failure, attempts, key.value()));
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
        endpoint.keys().settle(key, tokenEstimate, 0);
      }
      Call call = current;
      if (call != null) {
        call.cancel();
      }
    }
  }

  /** Releases the endpoint slot; true only for the one caller that actually released it. */
  private synchronized boolean releaseSlot() {
    if (released.compareAndSet(false, true)) {
      endpoint.replicas().release(replica);
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
