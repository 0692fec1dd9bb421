package io.sparksdg.model.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The limiter in queue mode, fed readings by hand; nothing here waits or polls. */
class ConcurrencyLimiterQueueTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final int BOUND = 8;

  private long now = 1_000_000 * MS;
  private long seq;

  /** The server's queue as the limiters see it. */
  private final AtomicReference<QueueSignal.Reading> server = new AtomicReference<>();

  private ConcurrencyLimiter limiter(int min, int max) {
    return new ConcurrencyLimiter("e", min, max, true, () -> now, server::get, BOUND);
  }

  private void serverHas(int waiting, int running) {
    server.set(new QueueSignal.Reading(seq++, waiting, running));
  }

  private static void hold(ConcurrencyLimiter limiter, int slots) throws InterruptedException {
    for (int i = 0; i < slots; i++) {
      limiter.acquire();
    }
  }

  /** One call ends and another takes its slot, as a busy task does; the limiter reads the queue. */
  private static void cycle(ConcurrencyLimiter limiter) throws InterruptedException {
    limiter.release();
    if (limiter.inFlight() < limiter.currentLimit()) {
      limiter.acquire();
    }
  }

  @Test
  void cutsByPartOfTheExcessWhenTheQueueIsOverItsBound() throws Exception {
    ConcurrencyLimiter limiter = limiter(1, 100);
    hold(limiter, 100);

    serverHas(40, 64);
    cycle(limiter);

    // aiming at half the bound, 4: its share of the load is 99/104, half the excess of 36 is 18
    assertThat(limiter.currentLimit()).isBetween(82, 84);
  }

  @Test
  void waitsForACutToTakeEffectBeforeCuttingAgain() throws Exception {
    ConcurrencyLimiter limiter = limiter(1, 100);
    hold(limiter, 100);
    serverHas(40, 64);
    cycle(limiter);
    int afterFirst = limiter.currentLimit();

    serverHas(40, 64); // still over: the calls beyond the new limit have not ended yet
    cycle(limiter);
    assertThat(limiter.currentLimit()).isEqualTo(afterFirst);

    while (limiter.inFlight() > limiter.currentLimit()) {
      limiter.release();
    }
    serverHas(30, 64);
    cycle(limiter);
    assertThat(limiter.currentLimit()).isLessThan(afterFirst);
  }

  @Test
  void executorsSharingAQueueCutItTogetherByAboutHalfTheExcessNotByAsManyTimes() throws Exception {
    ConcurrencyLimiter[] jvms = new ConcurrencyLimiter[4];
    for (int i = 0; i < jvms.length; i++) {
      jvms[i] = limiter(1, 40);
      hold(jvms[i], 40);
    }

    serverHas(96, 64); // 160 in flight: 64 running, 96 waiting, 92 over the target of 4
    for (ConcurrencyLimiter jvm : jvms) {
      cycle(jvm);
    }

    int cut = 0;
    for (ConcurrencyLimiter jvm : jvms) {
      cut += 40 - jvm.currentLimit();
    }
    assertThat(cut).isBetween(42, 50); // about 46 = half of 92, each by its quarter
  }

  @Test
  void growsWhileTheQueueIsUnderItsBoundAndTheLimitIsInUse() throws Exception {
    ConcurrencyLimiter limiter = limiter(1, 100);
    hold(limiter, 100);
    serverHas(200, 64);
    cycle(limiter);
    while (limiter.inFlight() > limiter.currentLimit()) {
      limiter.release();
    }
    int low = limiter.currentLimit();

    serverHas(1, 64); // 3 under the target
    cycle(limiter);
    int afterShortQueue = limiter.currentLimit();
    assertThat(afterShortQueue).isGreaterThan(low).isLessThanOrEqualTo(low + 2);
    hold(limiter, afterShortQueue - limiter.inFlight()); // the tasks use the room

    serverHas(0, 40); // nothing waits: the server may have many free slots
    cycle(limiter);
    assertThat(limiter.currentLimit()).isGreaterThanOrEqualTo((int) (afterShortQueue * 1.1) - 1);
  }

  @Test
  void doesNotGrowALimitItIsNotUsing() throws Exception {
    ConcurrencyLimiter limiter = limiter(1, 100);
    hold(limiter, 100);
    serverHas(200, 64);
    cycle(limiter);
    while (limiter.inFlight() > 10) {
      limiter.release();
    }
    serverHas(0, 10);
    cycle(limiter); // the peak since the last reading was above the limit: may grow once
    int limit = limiter.currentLimit();

    for (int i = 0; i < 20; i++) {
      serverHas(0, 10);
      cycle(limiter);
    }

    assertThat(limiter.currentLimit()).isEqualTo(limit);
  }

  @Test
  void neverLeavesMinAndMax() throws Exception {
    ConcurrencyLimiter limiter = limiter(5, 50);
    hold(limiter, 50);
    for (int i = 0; i < 200; i++) {
      serverHas(1_000, 64);
      limiter.release();
      assertThat(limiter.currentLimit()).isBetween(5, 50);
    }
    assertThat(limiter.currentLimit()).isEqualTo(5);
    hold(limiter, 5 - limiter.inFlight());

    for (int i = 0; i < 200; i++) {
      serverHas(0, 0);
      cycle(limiter);
      hold(limiter, limiter.currentLimit() - limiter.inFlight());
      assertThat(limiter.currentLimit()).isBetween(5, 50);
    }
    assertThat(limiter.currentLimit()).isEqualTo(50);
  }

  @Test
  void overloadStillCutsInQueueMode() throws Exception {
    ConcurrencyLimiter limiter = limiter(1, 100);
    hold(limiter, 100);
    serverHas(BOUND / 2, 64); // at the target

    limiter.onOverload("429");

    assertThat(limiter.currentLimit()).isEqualTo(70);
  }

  @Test
  void latencyDoesNotMoveTheLimitWhileTheQueueIsReadButDoesWhenItCannotBe() throws Exception {
    ConcurrencyLimiter limiter = limiter(1, 64);
    hold(limiter, 64);
    serverHas(BOUND / 2, 64); // at the target
    for (int i = 0; i < 2_000; i++) {
      now += MS;
      serverHas(BOUND / 2, 64); // at the target
      limiter.onSuccess(i < 200 ? 100 * MS : 1_000 * MS); // ten times slower: latency would cut
    }
    assertThat(limiter.currentLimit()).isEqualTo(64);

    server.set(null); // the metrics cannot be read: latency takes over
    int lowest = limiter.currentLimit();
    for (int i = 0; i < 2_000; i++) {
      now += 10 * MS;
      // from the 500th answer on, the server has 16 slots and queues the rest: latency goes with
      // the calls out, and a cut shortens it
      long queued = (long) (100 * MS * Math.max(1.0, limiter.currentLimit() / 16.0));
      limiter.onSuccess(i < 500 ? 100 * MS : queued);
      lowest = Math.min(lowest, limiter.currentLimit());
    }
    assertThat(lowest).isLessThan(64);
  }

  @Test
  void aJobsLimiterStartsLowAndGrowsWhileTheQueueStaysShort() throws Exception {
    ConcurrencyLimiter limiter =
        new ConcurrencyLimiter("e", 1, 256, true, () -> now, server::get, BOUND, true);
    // twice the bound, not the configured 256: the first burst does not queue at the server
    assertThat(limiter.currentLimit()).isEqualTo(16);
    hold(limiter, 16);

    serverHas(0, 16);
    cycle(limiter);
    assertThat(limiter.currentLimit()).isEqualTo(24);
    hold(limiter, 8);
    serverHas(0, 24);
    cycle(limiter);
    assertThat(limiter.currentLimit()).isEqualTo(36);

    // the queue passed its target: the slow start ends and the queue controls the limit
    hold(limiter, 12);
    serverHas(20, 64);
    cycle(limiter);
    assertThat(limiter.currentLimit()).isLessThan(36);
    while (limiter.inFlight() > limiter.currentLimit()) {
      limiter.release();
    }
    int settled = limiter.currentLimit();
    serverHas(0, 30);
    cycle(limiter);
    // no more growth by half: under the target it grows by a share of the room left
    assertThat(limiter.currentLimit()).isLessThan((int) (settled * 1.5));
  }

  @Test
  void withoutReadingsInItsFirstSecondsTheLimiterTrustsTheConfiguredMax() throws Exception {
    ConcurrencyLimiter limiter =
        new ConcurrencyLimiter("e", 1, 256, true, () -> now, server::get, BOUND, true);
    hold(limiter, 16);
    cycle(limiter);
    assertThat(limiter.currentLimit()).isEqualTo(16);

    now += 3_000 * MS;
    cycle(limiter);
    assertThat(limiter.currentLimit()).isEqualTo(256);
  }
}
