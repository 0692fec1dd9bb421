package io.sparksdg.model.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrencyLimiterTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  /** A clock the test moves by hand. */
  private static final class FakeClock {
    long now = 1_000_000 * MS;

    long nanos() {
      return now;
    }
  }

  @Test
  void startsAtItsMaxAndStaysThereUnderSteadyLatency() {
    FakeClock clock = new FakeClock();
    ConcurrencyLimiter limiter = new ConcurrencyLimiter("e", 1, 64, true, clock::nanos);

    for (int i = 0; i < 5_000; i++) {
      clock.now += MS;
      limiter.onSuccess(200 * MS + (i % 7) * MS);
    }

    assertThat(limiter.currentLimit()).isEqualTo(64);
  }

  @Test
  void theNaturalSpreadOfAnswerLengthsNeverCutsTheLimit() {
    // A server with slots for every call (it never queues) whose answers take lognormal times,
    // mean 600 ms and sigma 1.0: a long answer takes 10-20 times the median, as real ones do.
    FakeClock clock = new FakeClock();
    ConcurrencyLimiter limiter = new ConcurrencyLimiter("e", 1, 64, true, clock::nanos);
    holdSlots(limiter, 64);
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 30_000; i++) {
      long latency = (long) (600 * MS * Math.exp(random.nextGaussian() - 0.5));
      clock.now += latency / 64;
      limiter.onSuccess(latency);
      assertThat(limiter.currentLimit()).isEqualTo(64);
    }
  }

  @Test
  void aBurstStartAgainstAHeavyTailedServerThatNeverQueuesKeepsAFixedLimitsPace() {
    // 64 calls sent at once to a server with 64 slots: the first answers in are the shortest, and
    // a baseline taken from them made the limit collapse on the spread alone (to 1, 0.03 of a
    // fixed limit's pace, on 4 of these 40 draws before the first calls' cohort set it)
    for (long seed = 1; seed <= 40; seed++) {
      double[] adaptive = run(64, 64, true, seed);
      double[] fixed = run(64, 64, false, seed);
      assertThat(fixed[0] / adaptive[0]).as("seed %d", seed).isGreaterThanOrEqualTo(0.97);
    }
  }

  @Test
  void backsOffFromAServerThatQueuesFromItsFirstRequest() {
    // a budget of 256 against 64 slots: the queue shortens, the server stays as busy
    double adaptiveWaiting = 0;
    double fixedWaiting = 0;
    for (long seed = 1; seed <= 20; seed++) {
      double[] adaptive = run(256, 64, true, seed);
      double[] fixed = run(256, 64, false, seed);
      assertThat(fixed[0] / adaptive[0]).as("seed %d", seed).isGreaterThanOrEqualTo(0.95);
      adaptiveWaiting += adaptive[1];
      fixedWaiting += fixed[1];
    }
    assertThat(adaptiveWaiting).isLessThan(0.75 * fixedWaiting);
  }

  /** 3,000 calls with {@code budget} in flight to a server of {@code slots}: [time, waiting]. */
  private static double[] run(int budget, int slots, boolean adaptive, long seed) {
    QueueingServerModel server = new QueueingServerModel(slots, 600, 1.0, seed);
    ConcurrencyLimiter limiter = new ConcurrencyLimiter("e", 1, budget, adaptive, server::clock);
    long nanos = server.run(limiter, 3_000);
    return new double[] {nanos, server.meanWaiting()};
  }

  @Test
  void shrinksOnOverloadAtMostOncePerRoundTripAndRecoversAfter() throws Exception {
    FakeClock clock = new FakeClock();
    ConcurrencyLimiter limiter = new ConcurrencyLimiter("e", 2, 100, true, clock::nanos);
    for (int i = 0; i < 50; i++) {
      limiter.onSuccess(100 * MS);
    }
    holdSlots(limiter, 100);

    // a burst of 429s within one round trip counts once
    for (int i = 0; i < 10; i++) {
      limiter.onOverload("HTTP 429");
    }
    assertThat(limiter.currentLimit()).isEqualTo(70);
    // every round trip of 429s cuts it again, down to min
    for (int i = 0; i < 30; i++) {
      clock.now += 150 * MS;
      limiter.onOverload("HTTP 429");
    }
    assertThat(limiter.currentLimit()).isEqualTo(2);

    // successes while the limit is in use grow it back to max, never past it
    int successes = 0;
    while (limiter.currentLimit() < 100 && successes < 10_000) {
      clock.now += MS;
      limiter.onSuccess(100 * MS);
      successes++;
    }
    assertThat(limiter.currentLimit()).isEqualTo(100);
    assertThat(successes).isLessThan(2_500);
    for (int i = 0; i < 1_000; i++) {
      limiter.onSuccess(100 * MS);
    }
    assertThat(limiter.currentLimit()).isEqualTo(100);
  }

  @Test
  void shrinksWhenAQueueingServerSlowsDownAndRecoversWhenItCatchesUp() {
    // A vLLM-like server: it runs `capacity` requests at once and queues the rest, so latency grows
    // with what the client keeps in flight instead of turning into 429s.
    FakeClock clock = new FakeClock();
    ConcurrencyLimiter limiter = new ConcurrencyLimiter("e", 1, 256, true, clock::nanos);
    long base = 100 * MS;
    int[] capacity = {512};
    int[] lowest = {256};
    Runnable roundTrip =
        () -> {
          int inFlight = limiter.currentLimit();
          long latency = base * Math.max(1, (long) Math.ceil((double) inFlight / capacity[0]));
          for (int i = 0; i < inFlight; i++) {
            clock.now += latency / inFlight;
            limiter.onSuccess(latency);
          }
          lowest[0] = Math.min(lowest[0], limiter.currentLimit());
        };
    holdSlots(limiter, 256);

    for (int i = 0; i < 20; i++) {
      roundTrip.run(); // a fast server: the limit stays at max
    }
    assertThat(limiter.currentLimit()).isEqualTo(256);

    capacity[0] = 32; // the server degrades: 256 in flight now take 8 times as long
    for (int i = 0; i < 40; i++) {
      roundTrip.run();
    }
    assertThat(lowest[0]).isLessThanOrEqualTo(64);

    capacity[0] = 512; // it recovers
    for (int i = 0; i < 200; i++) {
      roundTrip.run();
    }
    assertThat(limiter.currentLimit()).isEqualTo(256);
  }

  @Test
  void aFixedLimitIgnoresEverySignal() {
    FakeClock clock = new FakeClock();
    ConcurrencyLimiter limiter = new ConcurrencyLimiter("e", 1, 8, false, clock::nanos);

    for (int i = 0; i < 10; i++) {
      clock.now += 1_000 * MS;
      limiter.onOverload("HTTP 429");
      limiter.onSuccess(i * 1_000 * MS);
    }

    assertThat(limiter.currentLimit()).isEqualTo(8);
  }

  @Test
  void blocksAtTheLimitAndLetsAWaiterInOnRelease() throws Exception {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter("e", 1, 2, true, System::nanoTime);
    limiter.acquire();
    limiter.acquire();
    AtomicInteger entered = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(1);
    Thread waiter =
        new Thread(
            () -> {
              started.countDown();
              try {
                limiter.acquire();
                entered.incrementAndGet();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    waiter.start();
    started.await();
    waiter.join(100);
    assertThat(entered).hasValue(0);
    assertThat(limiter.inFlight()).isEqualTo(2);

    limiter.release();
    waiter.join(5_000);

    assertThat(entered).hasValue(1);
    assertThat(limiter.inFlight()).isEqualTo(2);
  }

  /** Marks {@code n} calls in flight, so that the limit counts as in use. */
  private static void holdSlots(ConcurrencyLimiter limiter, int n) {
    try {
      for (int i = 0; i < n; i++) {
        limiter.acquire();
      }
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
