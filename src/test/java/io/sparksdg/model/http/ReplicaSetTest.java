package io.sparksdg.model.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Routing, ejection, probes and retries across replicas, on a fake clock and a fake prober. */
class ReplicaSetTest {

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final List<Replica> probed = new ArrayList<>();
  private final List<Consumer<Boolean>> probeAnswers = new ArrayList<>();

  private List<Replica> replicas(int count, int limit) {
    List<Replica> list = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String url = "http://r" + i + ":8000";
      list.add(
          new Replica(
              i,
              count,
              url,
              url + "/v1/chat/completions",
              new ConcurrencyLimiter("e", 1, limit, false, clock::get),
              new ReplicaStats()));
    }
    return list;
  }

  private ReplicaSet set(List<Replica> replicas) {
    return new ReplicaSet(
        "e",
        replicas,
        clock::get,
        (replica, done) -> {
          probed.add(replica);
          probeAnswers.add(done);
        });
  }

  private void advanceMillis(long millis) {
    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  private static Map<Integer, Integer> positions(List<Replica> taken) {
    Map<Integer, Integer> count = new HashMap<>();
    taken.forEach(r -> count.merge(r.position(), 1, Integer::sum));
    return count;
  }

  @Test
  void spreadsCallsToTheLeastLoadedReplicaUntilAllAreFull() throws Exception {
    ReplicaSet set = set(replicas(3, 2));
    List<Replica> taken = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      taken.add(set.acquire(TimeUnit.SECONDS.toNanos(10)));
    }
    assertThat(positions(taken)).containsExactlyInAnyOrderEntriesOf(Map.of(1, 2, 2, 2, 3, 2));

    // a seventh caller waits until a slot frees, and gets that slot's replica
    CompletableFuture<Replica> seventh =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return set.acquire(TimeUnit.SECONDS.toNanos(60));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    set.release(taken.get(taken.size() - 1));
    assertThat(seventh.get(30, TimeUnit.SECONDS)).isSameAs(taken.get(taken.size() - 1));
  }

  @Test
  void ejectsARefusingReplicaAndProbesItAfterAGrowingBackOff() throws Exception {
    List<Replica> replicas = replicas(3, 4);
    ReplicaSet set = set(replicas);
    Replica second = replicas.get(1);

    set.record(second, ReplicaSet.Result.UNREACHABLE, "connection refused");
    assertThat(second.ejected).isTrue();
    assertThat(second.stats().snapshot("x").ejections()).isEqualTo(1);
    List<Replica> taken = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      taken.add(set.acquire(TimeUnit.SECONDS.toNanos(10)));
    }
    assertThat(positions(taken)).containsOnlyKeys(1, 3);
    taken.forEach(set::release);

    // no probe before the back-off ends; one after, and a failed one doubles the back-off
    advanceMillis(ReplicaSet.INITIAL_BACKOFF_MS - 1);
    set.anyLive();
    assertThat(probed).isEmpty();
    advanceMillis(1);
    set.anyLive();
    set.anyLive();
    assertThat(probed).containsExactly(second);
    probeAnswers.get(0).accept(false);
    assertThat(second.ejected).isTrue();
    advanceMillis(2 * ReplicaSet.INITIAL_BACKOFF_MS - 1);
    set.anyLive();
    assertThat(probed).hasSize(1);
    advanceMillis(1);
    set.anyLive();
    assertThat(probed).hasSize(2);

    // a successful probe puts it back, and as the least loaded it gets the next call
    probeAnswers.get(1).accept(true);
    assertThat(second.ejected).isFalse();
    Replica a = set.acquire(TimeUnit.SECONDS.toNanos(10));
    Replica b = set.acquire(TimeUnit.SECONDS.toNanos(10));
    Replica c = set.acquire(TimeUnit.SECONDS.toNanos(10));
    assertThat(List.of(a, b, c)).contains(second);
  }

  @Test
  void ejectsAfterAStreakOfServerErrorsOnly() {
    List<Replica> replicas = replicas(2, 4);
    ReplicaSet set = set(replicas);
    Replica first = replicas.get(0);

    set.record(first, ReplicaSet.Result.FAILING, "HTTP 500");
    set.record(first, ReplicaSet.Result.FAILING, "HTTP 500");
    set.record(first, ReplicaSet.Result.OK, null);
    set.record(first, ReplicaSet.Result.FAILING, "HTTP 500");
    set.record(first, ReplicaSet.Result.NEUTRAL, "HTTP 429");
    set.record(first, ReplicaSet.Result.FAILING, "timed out");
    assertThat(first.ejected).isFalse();
    set.record(first, ReplicaSet.Result.FAILING, "HTTP 502");
    assertThat(first.ejected).isTrue();
  }

  @Test
  void anEjectionSoonAfterAReturnWaitsLonger() {
    List<Replica> replicas = replicas(2, 4);
    ReplicaSet set = set(replicas);
    Replica first = replicas.get(0);

    set.record(first, ReplicaSet.Result.UNREACHABLE, "refused");
    advanceMillis(ReplicaSet.INITIAL_BACKOFF_MS);
    set.anyLive();
    probeAnswers.get(0).accept(true);
    set.record(first, ReplicaSet.Result.UNREACHABLE, "refused");
    assertThat(first.backoffLevel).isEqualTo(1);
    assertThat(first.probeAtNanos - clock.get())
        .isEqualTo(TimeUnit.MILLISECONDS.toNanos(2 * ReplicaSet.INITIAL_BACKOFF_MS));
    assertThat(ReplicaSet.backoffMillis(10)).isEqualTo(ReplicaSet.MAX_BACKOFF_MS);
  }

  @Test
  void aRetryMovesItsSlotToAnotherReplica() throws Exception {
    List<Replica> replicas = replicas(3, 4);
    ReplicaSet set = set(replicas);
    Replica first = set.acquire(TimeUnit.SECONDS.toNanos(10));

    Replica retry = set.forRetry(first);
    assertThat(retry).isNotSameAs(first);
    assertThat(first.limiter().inFlight()).isZero();
    assertThat(retry.limiter().inFlight()).isEqualTo(1);
  }

  @Test
  void aRetryStaysWhereItIsWhenEveryOtherReplicaIsFullAndWaitsWhenItsOwnIsEjected()
      throws Exception {
    List<Replica> replicas = replicas(2, 1);
    ReplicaSet set = set(replicas);
    Replica a = set.acquire(TimeUnit.SECONDS.toNanos(10));
    Replica b = set.acquire(TimeUnit.SECONDS.toNanos(10));

    assertThat(set.forRetry(a)).isSameAs(a);
    set.record(a, ReplicaSet.Result.UNREACHABLE, "refused");
    assertThat(set.forRetry(a)).isNull();
    set.release(b);
    assertThat(set.forRetry(a)).isSameAs(b);
    assertThat(a.limiter().inFlight()).isZero();
  }

  @Test
  void aLoneReplicaIsNeverEjected() {
    List<Replica> replicas = replicas(1, 4);
    ReplicaSet set = set(replicas);
    for (int i = 0; i < 10; i++) {
      set.record(replicas.get(0), ReplicaSet.Result.UNREACHABLE, "refused");
    }
    assertThat(replicas.get(0).ejected).isFalse();
    assertThat(set.anyLive()).isTrue();
  }

  @Test
  void callersGiveUpWhenNoReplicaWasLiveForTheirWait() throws Exception {
    List<Replica> replicas = replicas(2, 4);
    ReplicaSet set = set(replicas);
    replicas.forEach(r -> set.record(r, ReplicaSet.Result.UNREACHABLE, "refused"));

    assertThat(set.anyLive()).isFalse();
    assertThat(set.acquire(TimeUnit.MILLISECONDS.toNanos(200))).isNull();
  }
}
