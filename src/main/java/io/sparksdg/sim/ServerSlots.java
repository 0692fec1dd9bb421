package io.sparksdg.sim;

import java.util.ArrayDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server's own capacity: at most {@code slots} requests in service at once, the rest waiting in
 * arrival order, as a GPU server with a fixed batch queues what it cannot take. A request's service
 * time starts when it gets a slot, so its latency is its wait plus its service. With no slot limit
 * every request is served at once. Counts the service time given, for efficiency figures (work done
 * over slots and wall time).
 */
final class ServerSlots {

  private record Job(long serviceNanos, ScheduledExecutorService executor, Runnable done) {}

  private final int slots;
  private final ArrayDeque<Job> queue = new ArrayDeque<>();
  private int busy;
  private int peakQueued;
  private long serviceNanos;

  /**
   * @param slots 0 for no limit
   */
  ServerSlots(int slots) {
    this.slots = slots;
  }

  /** Runs {@code done} on {@code executor} once the request has had a slot for its service time. */
  void admit(long serviceNanos, ScheduledExecutorService executor, Runnable done) {
    Job job = new Job(serviceNanos, executor, done);
    synchronized (this) {
      if (slots > 0 && busy >= slots) {
        queue.add(job);
        peakQueued = Math.max(peakQueued, queue.size());
        return;
      }
      busy++;
    }
    start(job);
  }

  private void start(Job job) {
    Runnable finish =
        () -> {
          try {
            job.done().run();
          } finally {
            finished(job);
          }
        };
    if (job.serviceNanos() <= 0) {
      finish.run();
    } else {
      job.executor().schedule(finish, job.serviceNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void finished(Job job) {
    Job next;
    synchronized (this) {
      serviceNanos += Math.max(0, job.serviceNanos());
      next = queue.poll();
      if (next == null) {
        busy--;
      }
    }
    if (next != null) {
      start(next);
    }
  }

  /** Requests in service and waiting for a slot, read together. */
  record Load(int running, int waiting) {}

  synchronized Load load() {
    return new Load(busy, queue.size());
  }

  synchronized int queued() {
    return queue.size();
  }

  synchronized int peakQueued() {
    return peakQueued;
  }

  /** Service time given so far, all requests together. */
  synchronized long serviceNanos() {
    return serviceNanos;
  }
}
