package io.sparksdg.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InFlightTest {

  private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(4);

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  private CompletableFuture<Integer> after(int value, long millis) {
    CompletableFuture<Integer> f = new CompletableFuture<>();
    timer.schedule(() -> f.complete(value), millis, TimeUnit.MILLISECONDS);
    return f;
  }

  @Test
  void yieldsResultsInCompletionOrderNotInputOrder() {
    // The first input is slow; the rest are fast and must not wait for it.
    Iterator<Integer> out =
        InFlight.map(List.of(0, 1, 2, 3).iterator(), i -> after(i, i == 0 ? 300 : 10), 4);
    List<Integer> seen = new ArrayList<>();
    out.forEachRemaining(seen::add);
    assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3);
    assertThat(seen.get(seen.size() - 1)).isEqualTo(0);
  }

  @Test
  void neverHasMoreThanLookaheadOutstanding() {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    Iterator<Integer> out =
        InFlight.map(
            IntStream.range(0, 50).boxed().iterator(),
            i -> {
              peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              return after(i, 5).whenComplete((v, e) -> inFlight.decrementAndGet());
            },
            3);
    List<Integer> seen = new ArrayList<>();
    out.forEachRemaining(seen::add);
    assertThat(seen).hasSize(50).doesNotHaveDuplicates();
    assertThat(peak.get()).isBetween(1, 3);
  }

  @Test
  void emptyInputYieldsNothing() {
    assertThat(InFlight.map(List.<Integer>of().iterator(), i -> after(i, 1), 2).hasNext())
        .isFalse();
  }
}
