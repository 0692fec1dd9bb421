package io.sparksdg.model.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.config.EndpointConfig;
import io.sparksdg.config.EndpointKind;
import io.sparksdg.model.ChatClient;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.Message;
import io.sparksdg.model.Sampling;
import io.sparksdg.sim.Simulator;
import io.sparksdg.sim.SimulatorOptions;
import io.sparksdg.stages.InFlight;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JVM-wide budget as Spark tasks use it: several tasks, each an {@link InFlight} over one
 * shared client, against the simulator (which counts what it has in flight) or a scripted server.
 */
class EndpointSaturationTest {

  @BeforeEach
  @AfterEach
  void reset() {
    HttpModelClients.resetForTests();
  }

  @Test
  void tasksOfOneJvmNeverExceedTheEndpointsLimitTogetherAndKeepItFull() throws Exception {
    SimulatorOptions options =
        SimulatorOptions.defaults()
            .withLatency(Duration.ofMillis(20))
            .withLatencyJitter(Duration.ofMillis(20));
    try (Simulator simulator = Simulator.start(options)) {
      ChatClient client = HttpModelClients.chat("gen", config(simulator.baseUrl(), 12));
      ExecutorService tasks = Executors.newFixedThreadPool(4);
      List<Future<List<Integer>>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int task = t;
        // each task looks ahead by the whole executor share, as ModelCalls does
        results.add(tasks.submit(() -> runTask(client, task * 1000, 60, 12)));
      }
      List<Integer> all = new ArrayList<>();
      for (Future<List<Integer>> r : results) {
        all.addAll(r.get(60, TimeUnit.SECONDS));
      }
      tasks.shutdown();

      assertThat(all).hasSize(240).doesNotHaveDuplicates();
      assertThat(simulator.stats().ok()).isEqualTo(240);
      assertThat(simulator.stats().peakInFlight()).isEqualTo(12);
      EndpointCounters counters = HttpModelClients.counters().get("gen");
      assertThat(counters.peakInFlight()).isEqualTo(12);
      assertThat(counters.inFlight()).isZero();
      assertThat(counters.currentLimit()).isEqualTo(12);
    }
  }

  @Test
  void emitsResultsAsTheyCompleteNotInInputOrder() throws Exception {
    SimulatorOptions options =
        SimulatorOptions.defaults().withLatencyJitter(Duration.ofMillis(100));
    try (Simulator simulator = Simulator.start(options)) {
      ChatClient client = HttpModelClients.chat("gen", config(simulator.baseUrl(), 40));

      List<Integer> order = runTask(client, 0, 40, 40);

      assertThat(order)
          .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 40).boxed().toList());
      assertThat(order).isNotEqualTo(IntStream.range(0, 40).boxed().toList());
    }
  }

  @Test
  void shrinksUnderRateLimitingAndRecoversAfter() throws Exception {
    long start = System.nanoTime();
    AtomicInteger lowest = new AtomicInteger(Integer.MAX_VALUE);
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              lowest.accumulateAndGet(limit("gen"), Math::min);
              if (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(1_000)) {
                return new MockResponse.Builder()
                    .code(429)
                    .addHeader("retry-after-ms", "50")
                    .build();
              }
              return TestEndpoints.okChat("fine");
            }
          });
      server.start();
      ChatClient client = HttpModelClients.chat("gen", config(server.url("/").toString(), 16));

      List<Integer> done =
          runUntil(client, 16, () -> limit("gen") == 16 && elapsedMs(start) > 1_100);

      assertThat(lowest.get()).isLessThanOrEqualTo(4);
      assertThat(limit("gen")).isEqualTo(16);
      assertThat(HttpModelClients.counters().get("gen").retriesByClass())
          .containsKey("rate_limited");
      assertThat(done).isNotEmpty();
    }
  }

  @Test
  void shrinksWhenTheServerQueuesAndRecoversWhenItCatchesUp() throws Exception {
    // A vLLM-like server: it serves `capacity` requests at a time in 20 ms and queues the rest, so
    // keeping more in flight only makes every answer slower. For 3 s it slows to 4 at a time.
    long start = System.nanoTime();
    AtomicInteger active = new AtomicInteger();
    AtomicInteger lowest = new AtomicInteger(Integer.MAX_VALUE);
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
              long ms = elapsedMs(start);
              boolean slow = ms > 300 && ms < 3_300;
              if (slow) {
                lowest.accumulateAndGet(limit("gen"), Math::min);
              }
              int now = active.incrementAndGet();
              try {
                int capacity = slow ? 4 : 64;
                Thread.sleep(20L * Math.max(1, (now + capacity - 1) / capacity));
              } finally {
                active.decrementAndGet();
              }
              return TestEndpoints.okChat("fine");
            }
          });
      server.start();
      ChatClient client = HttpModelClients.chat("gen", config(server.url("/").toString(), 32));

      runUntil(client, 32, () -> limit("gen") == 32 && elapsedMs(start) > 3_500);

      assertThat(lowest.get()).isLessThanOrEqualTo(16);
      assertThat(limit("gen")).isEqualTo(32);
      assertThat(HttpModelClients.counters().get("gen").failures()).isZero();
    }
  }

  private static EndpointConfig config(String baseUrl, int maxConcurrency) {
    return EndpointConfig.builder()
        .baseUrl(baseUrl)
        .model("test-model")
        .kind(EndpointKind.CHAT)
        .maxConcurrency(maxConcurrency)
        .timeout(Duration.ofSeconds(10))
        .maxAttempts(30)
        .initialBackoff(Duration.ofMillis(1))
        .maxBackoff(Duration.ofMillis(10))
        .adaptive(true)
        .minConcurrency(1)
        .build();
  }

  /** One task: {@code count} calls tagged from {@code first}, their tags in the order they end. */
  private static List<Integer> runTask(ChatClient client, int first, int count, int lookahead) {
    Iterator<Integer> tags = IntStream.range(first, first + count).iterator();
    return drain(InFlight.map(tags, tag -> call(client, tag), lookahead));
  }

  /** Calls until {@code stop} holds (at most 20 s), one task with the given look-ahead. */
  private static List<Integer> runUntil(
      ChatClient client, int lookahead, java.util.function.BooleanSupplier stop) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    AtomicLong next = new AtomicLong();
    Iterator<Integer> tags =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return !stop.getAsBoolean() && System.nanoTime() < deadline;
          }

          @Override
          public Integer next() {
            return (int) next.getAndIncrement();
          }
        };
    return drain(InFlight.map(tags, tag -> call(client, tag), lookahead));
  }

  private static CompletableFuture<Integer> call(ChatClient client, int tag) {
    ChatRequest request =
        ChatRequest.of(List.of(Message.user("Question " + tag)), Sampling.DEFAULT);
    return client.complete(request).handle((completion, error) -> error == null ? tag : -1 - tag);
  }

  private static List<Integer> drain(Iterator<Integer> results) {
    List<Integer> out = new ArrayList<>();
    results.forEachRemaining(out::add);
    assertThat(out).allMatch(tag -> tag >= 0, "every call succeeded");
    return Collections.unmodifiableList(out);
  }

  private static int limit(String endpoint) {
    EndpointCounters counters = HttpModelClients.counters().get(endpoint);
    return counters == null ? Integer.MAX_VALUE : counters.currentLimit();
  }

  private static long elapsedMs(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
