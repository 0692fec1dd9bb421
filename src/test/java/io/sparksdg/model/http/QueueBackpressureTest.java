package io.sparksdg.model.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.config.BackpressureMode;
import io.sparksdg.config.EndpointConfig;
import io.sparksdg.model.ChatClient;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.Message;
import io.sparksdg.model.Sampling;
import io.sparksdg.sim.Simulator;
import io.sparksdg.sim.SimulatorOptions;
import io.sparksdg.stages.InFlight;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Queue-aware backpressure end to end: a simulated vLLM-style server with 16 slots that queues what
 * it cannot take, a client that would keep 64 in flight, the limiter reading the server's {@code
 * /metrics}.
 */
class QueueBackpressureTest {

  private static final int SLOTS = 16;
  private static final int BOUND = 4;
  private static final int CALLS = 900;

  @BeforeEach
  @AfterEach
  void reset() {
    HttpModelClients.resetForTests();
  }

  @Test
  void keepsTheServersWaitingQueueNearItsBound() throws Exception {
    SimulatorOptions options =
        SimulatorOptions.defaults().toBuilder()
            .latency(Duration.ofMillis(100))
            .latencySigma(0.5)
            .slots(SLOTS)
            .build();
    try (Simulator simulator = Simulator.start(options)) {
      EndpointConfig config =
          EndpointConfig.builder()
              .baseUrl(simulator.baseUrl() + "/v1")
              .model("m")
              .maxConcurrency(64)
              .timeout(Duration.ofSeconds(30))
              .backpressure(BackpressureMode.QUEUE)
              .queueBound(BOUND)
              .metricsPollInterval(Duration.ofMillis(50))
              .build();
      ChatClient client = HttpModelClients.chat("gen", config);
      AtomicInteger done = new AtomicInteger();
      List<Integer> waiting = Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean running = new AtomicBoolean(true);
      Thread sampler = new Thread(() -> sample(simulator, done, waiting, running));
      sampler.start();

      List<Integer> results = new ArrayList<>();
      InFlight.map(IntStream.range(0, CALLS).iterator(), i -> call(client, i, done), 64)
          .forEachRemaining(results::add);
      running.set(false);
      sampler.join(30_000);

      assertThat(results).hasSize(CALLS).allMatch(r -> r >= 0);
      // the limiter starts at its max of 64 (48 waiting); sampled once half the calls are done
      assertThat(waiting).hasSizeGreaterThan(20);
      List<Integer> sorted = new ArrayList<>(waiting);
      Collections.sort(sorted);
      int p95 = sorted.get(sorted.size() * 95 / 100);
      // without backpressure 48 would wait; slack for readings a poll interval old and a loaded
      // machine (typically p95 is 6-8 here)
      assertThat(p95).isLessThanOrEqualTo(4 * BOUND);
      assertThat(HttpModelClients.counters().get("gen").currentLimit()).isLessThan(48);
    }
  }

  /** The server's waiting gauge every 20 ms, once half the calls are done. */
  private static void sample(
      Simulator simulator, AtomicInteger done, List<Integer> waiting, AtomicBoolean running) {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/metrics")).build();
    while (running.get()) {
      try {
        if (done.get() >= CALLS / 2 && done.get() < CALLS - 2 * SLOTS) {
          String text = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
          Double value =
              PrometheusText.gauges(text, Set.of("vllm:num_requests_waiting"))
                  .get("vllm:num_requests_waiting");
          waiting.add(value.intValue());
        }
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static CompletableFuture<Integer> call(ChatClient client, int i, AtomicInteger done) {
    ChatRequest request = ChatRequest.of(List.of(Message.user("Question " + i)), Sampling.DEFAULT);
    return client
        .complete(request)
        .handle(
            (completion, error) -> {
              done.incrementAndGet();
              return error == null ? i : -1;
            });
  }
}
