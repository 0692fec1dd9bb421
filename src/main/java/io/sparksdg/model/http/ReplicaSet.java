package io.sparksdg.model.http;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicas of one endpoint in this JVM and the routing between them. A call takes a slot on the
 * live replica with the fewest calls out relative to its own limit, and its caller waits only while
 * every live replica is full. A replica that refuses connections, or fails {@value #FAILURE_STREAK}
 * attempts in a row with a 5xx or a timeout, is ejected: it takes no new calls until a probe
 * ({@link Prober}) finds it answering again. The wait before the first probe is {@value
 * #INITIAL_BACKOFF_MS} ms and doubles with each failed probe, and with an ejection soon after a
 * return, up to {@value #MAX_BACKOFF_MS} ms.
 *
 * <p>A lone replica is never ejected: there is nowhere else to send its calls, so they keep
 * retrying against it as they always did.
 */
final class ReplicaSet {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaSet.class);

  static final int FAILURE_STREAK = 3;
  static final long INITIAL_BACKOFF_MS = 1_000;
  static final long MAX_BACKOFF_MS = 4_000;
  // an ejection within this long of a return continues the back-off where it was
  private static final long RECENT_RETURN_NANOS = TimeUnit.SECONDS.toNanos(60);
  // waiters look again this often: a limit that grew, or a probe that fell due, frees no slot
  private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** Checks whether an ejected replica answers again; calls {@code done} once, on any thread. */
  interface Prober {
    void probe(Replica replica, Consumer<Boolean> done);
  }

  /** How an attempt on a replica went, as far as its health is concerned. */
  enum Result {
    OK,
    /** The connection was refused or broke: the server is not there. */
    UNREACHABLE,
    /** A 5xx or a timeout: the server is there but failing. */
    FAILING,
    /** Anything else (4xx, 429, a malformed reply): says nothing about the replica's health. */
    NEUTRAL
  }

  private final String endpoint;
  private final List<Replica> replicas;
  private final boolean ejecting;
  private final LongSupplier nanoClock;
  private final Prober prober;
  private final ReentrantLock lock = new ReentrantLock(true);
  private final Condition changed = lock.newCondition();
  // guarded by lock: where the search for the least loaded replica starts, so that ties rotate
  private int next;

  ReplicaSet(String endpoint, List<Replica> replicas, LongSupplier nanoClock, Prober prober) {
    this.endpoint = endpoint;
    this.replicas = List.copyOf(replicas);
    this.ejecting = replicas.size() > 1;
    this.nanoClock = nanoClock;
    this.prober = prober;
  }

  /**
   * Takes a slot on the least loaded live replica, waiting while every live replica is full; null
   * when no replica was live for {@code maxDeadNanos} in a row.
   */
  Replica acquire(long maxDeadNanos) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      long deadSince = Long.MIN_VALUE;
      while (true) {
        startDueProbes();
        Replica chosen = takeLeastLoaded(null);
        if (chosen != null) {
          return chosen;
        }
        if (anyLiveLocked()) {
          deadSince = Long.MIN_VALUE;
        } else {
          long now = System.nanoTime();
          if (deadSince == Long.MIN_VALUE) {
            deadSince = now;
          } else if (now - deadSince >= maxDeadNanos) {
            return null;
          }
        }
        changed.awaitNanos(WAIT_SLICE_NANOS);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Where a retry of a call holding a slot on {@code current} goes: another live replica with room
   * (the slot moves there), else {@code current} while it is live; null when neither, and the retry
   * should wait.
   */
  Replica forRetry(Replica current) {
    lock.lock();
    try {
      startDueProbes();
      Replica other = takeLeastLoaded(current);
      if (other != null) {
        current.limiter().release();
        changed.signal();
        return other;
      }
      return current.ejected ? null : current;
    } finally {
      lock.unlock();
    }
  }

  /** Gives back a slot taken by {@link #acquire} or moved by {@link #forRetry}. */
  void release(Replica replica) {
    replica.limiter().release();
    lock.lock();
    try {
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Records how an attempt on {@code replica} went; may eject it. */
  void record(Replica replica, Result result, String reason) {
    if (!ejecting || result == Result.NEUTRAL) {
      return;
    }
    lock.lock();
    try {
      if (result == Result.OK) {
        replica.failureStreak = 0;
        return;
      }
      if (replica.ejected) {
        return;
      }
      if (result == Result.UNREACHABLE || ++replica.failureStreak >= FAILURE_STREAK) {
        eject(replica, reason);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Whether some replica takes calls now. */
  boolean anyLive() {
    lock.lock();
    try {
      startDueProbes();
      return anyLiveLocked();
    } finally {
      lock.unlock();
    }
  }

  List<Replica> replicas() {
    return replicas;
  }

  private boolean anyLiveLocked() {
    for (Replica r : replicas) {
      if (!r.ejected) {
        return true;
      }
    }
    return false;
  }

  /** Takes a slot on the live replica with the lowest load other than avoid; null when none. */
  private Replica takeLeastLoaded(Replica avoid) {
    int n = replicas.size();
    for (int attempt = 0; attempt < n; attempt++) {
      Replica best = null;
      double bestLoad = Double.MAX_VALUE;
      for (int i = 0; i < n; i++) {
        Replica r = replicas.get((next + i) % n);
        if (r.ejected || r == avoid) {
          continue;
        }
        double load = r.load();
        if (load < 1 && load < bestLoad) {
          best = r;
          bestLoad = load;
        }
      }
      if (best == null) {
        break;
      }
      if (best.limiter().tryAcquire()) {
        next = (best.position()) % n;
        return best;
      }
    }
    return null;
  }

  private void eject(Replica replica, String reason) {
    long now = nanoClock.getAsLong();
    boolean soonAfterReturn =
        replica.returnedAtNanos != 0 && now - replica.returnedAtNanos < RECENT_RETURN_NANOS;
    replica.backoffLevel = soonAfterReturn ? replica.backoffLevel + 1 : 0;
    replica.ejected = true;
    replica.ejectedAtNanos = now;
    replica.failureStreak = 0;
    long backoff = backoffMillis(replica.backoffLevel);
    replica.probeAtNanos = now + TimeUnit.MILLISECONDS.toNanos(backoff);
    replica.stats().ejected();
    LOG.info(
        "Endpoint '{}': {} ejected ({}); probing it in {} s",
        endpoint,
        replica.describe(),
        reason,
        String.format(Locale.ROOT, "%.1f", backoff / 1000.0));
  }

  static long backoffMillis(int level) {
    return Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS << Math.min(level, 20));
  }

  private void startDueProbes() {
    long now = nanoClock.getAsLong();
    for (Replica r : replicas) {
      if (r.ejected && !r.probing && now >= r.probeAtNanos) {
        r.probing = true;
        prober.probe(r, alive -> probed(r, alive));
      }
    }
  }

  private void probed(Replica replica, boolean alive) {
    lock.lock();
    try {
      replica.probing = false;
      long now = nanoClock.getAsLong();
      if (alive) {
        replica.ejected = false;
        replica.returnedAtNanos = now;
        replica.failureStreak = 0;
        LOG.info(
            "Endpoint '{}': {} answers again after {} s out; it takes calls again",
            endpoint,
            replica.describe(),
            String.format(Locale.ROOT, "%.1f", (now - replica.ejectedAtNanos) / 1e9));
        changed.signalAll();
      } else {
        replica.backoffLevel++;
        replica.probeAtNanos =
            now + TimeUnit.MILLISECONDS.toNanos(backoffMillis(replica.backoffLevel));
      }
    } finally {
      lock.unlock();
    }
  }
}
