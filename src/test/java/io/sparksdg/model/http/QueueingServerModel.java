package io.sparksdg.model.http;

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A discrete-event model of a client and a vLLM-like server for the limiter's tests: the server
 * runs {@code slots} requests at once and queues the rest in arrival order; service times are
 * lognormal (heavy-tailed, as answer lengths are); the client keeps as many calls out as the
 * limiter lets it and reports each call's latency (queue wait plus service) to it. Time is the
 * model's own, so a run of thousands of calls takes milliseconds and no test depends on timing.
 */
final class QueueingServerModel {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  private final int slots;
  private final double meanMs;
  private final double sigma;
  private final Random random;
  long now = 1_000_000 * MS;
  // completion times of the calls being served; the calls waiting for a slot (their send times)
  private final PriorityQueue<long[]> serving =
      new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
  private final ArrayDeque<Long> waiting = new ArrayDeque<>();
  long busyNanos;
  int peakWaiting;
  long waitingSum;
  long waitingSamples;

  QueueingServerModel(int slots, double meanMs, double sigma, long seed) {
    this.slots = slots;
    this.meanMs = meanMs;
    this.sigma = sigma;
    this.random = new Random(seed);
  }

  long clock() {
    return now;
  }

  /** Runs {@code calls} calls through {@code limiter}; returns the model time they took. */
  long run(ConcurrencyLimiter limiter, int calls) {
    long start = now;
    int sent = 0;
    int done = 0;
    while (done < calls) {
      while (sent < calls && limiter.tryAcquire()) {
        arrive(now);
        sent++;
      }
      long[] next = serving.poll();
      now = next[0];
      long latency = now - next[1];
      if (!waiting.isEmpty()) {
        serve(waiting.poll());
      }
      waitingSum += waiting.size();
      waitingSamples++;
      limiter.release();
      limiter.onSuccess(latency);
      done++;
    }
    return now - start;
  }

  private void arrive(long sentAt) {
    if (serving.size() < slots) {
      serve(sentAt);
    } else {
      waiting.add(sentAt);
      peakWaiting = Math.max(peakWaiting, waiting.size());
    }
  }

  private void serve(long sentAt) {
    // lognormal with the given mean: exp(N(mu, sigma)) where mu = ln(mean) - sigma^2 / 2
    double ms = meanMs * Math.exp(sigma * random.nextGaussian() - sigma * sigma / 2);
    long service = Math.max(1, (long) (ms * MS));
    busyNanos += service;
    serving.add(new long[] {now + service, sentAt});
  }

  double meanWaiting() {
    return waitingSamples == 0 ? 0 : (double) waitingSum / waitingSamples;
  }
}
