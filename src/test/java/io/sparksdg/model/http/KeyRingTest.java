package io.sparksdg.model.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Choosing among keys by their budgets, and retiring refused ones, on a fake clock. */
class KeyRingTest {

  private final AtomicLong clock = new AtomicLong(5_000_000_000L);

  private KeyRing ring(Integer... requestsPerMinute) {
    List<ApiKey> keys = new ArrayList<>();
    for (int i = 0; i < requestsPerMinute.length; i++) {
      keys.add(
          new ApiKey(
              i + 1,
              requestsPerMinute.length,
              "api-key-env KEY_" + (char) ('A' + i),
              "secret-" + i,
              new RateBudget(requestsPerMinute[i], clock::get),
              new RateBudget(null, clock::get)));
    }
    return new KeyRing("e", keys);
  }

  @Test
  void takesTheKeyThatCanSendSoonest() {
    KeyRing ring = ring(2, 1);
    // unused for a minute: each key holds a minute's worth
    clock.addAndGet(TimeUnit.MINUTES.toNanos(1));
    List<Integer> used = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      KeyRing.Reservation r = ring.reserve(10);
      assertThat(r.waitNanos()).isZero();
      used.add(r.key().position());
    }
    assertThat(used).containsExactlyInAnyOrder(1, 1, 2);

    // all spent: key 1 refills twice as fast, so it is the one with the shorter wait
    clock.addAndGet(1);
    KeyRing.Reservation next = ring.reserve(10);
    assertThat(next.key().position()).isEqualTo(1);
    assertThat(next.waitNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(30) - 1);
  }

  @Test
  void splitsARateOverKeysInProportionToTheirBudgets() {
    KeyRing ring = ring(600, 300);
    int[] counts = new int[2];
    // a minute and a half of calls that each wait their turn
    long end = clock.get() + TimeUnit.SECONDS.toNanos(90);
    while (clock.get() < end) {
      KeyRing.Reservation r = ring.reserve(1);
      counts[r.key().position() - 1]++;
      clock.addAndGet(Math.max(r.waitNanos(), TimeUnit.MILLISECONDS.toNanos(10)) / 2);
    }
    // 1.5 minutes at the budgets from the first call (a second's worth to start): 900 and 450
    assertThat(counts[0]).isBetween(870, 930);
    assertThat(counts[1]).isBetween(435, 465);
  }

  @Test
  void retiresARefusedKeyWhileAnotherIsLeft() {
    KeyRing ring = ring(null, null, null);
    ApiKey second = ring.keys().get(1);

    assertThat(ring.refused(second, 401)).isTrue();
    assertThat(second.retired()).isTrue();
    assertThat(ring.live()).isEqualTo(2);
    for (int i = 0; i < 10; i++) {
      assertThat(ring.reserve(1).key()).isNotSameAs(second);
    }
    // refused again by calls already in flight: nothing more to retire, the calls go on
    assertThat(ring.refused(second, 401)).isTrue();
    assertThat(ring.refused(ring.keys().get(0), 403)).isTrue();
    // the last key is never retired: its calls fail as a refused single key's do
    assertThat(ring.refused(ring.keys().get(2), 401)).isFalse();
    assertThat(ring.keys().get(2).retired()).isFalse();
  }

  @Test
  void describesAKeyByPositionAndSourceNeverByValue() {
    ApiKey key = ring(null, null).keys().get(1);
    assertThat(key.describe()).isEqualTo("key 2 of 2 (api-key-env KEY_B)");
    assertThat(key.toString()).doesNotContain("secret");
  }
}
