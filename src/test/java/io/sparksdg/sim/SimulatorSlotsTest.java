package io.sparksdg.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The simulator as a server with a fixed number of slots and heavy-tailed service times. */
class SimulatorSlotsTest {

  @Test
  void requestsBeyondTheSlotsWaitInAQueueAndEveryOneIsServedInFull() throws Exception {
    SimulatorOptions options =
        SimulatorOptions.defaults().toBuilder().latency(Duration.ofMillis(300)).slots(2).build();
    ExecutorService clients = Executors.newFixedThreadPool(6);
    try (Simulator simulator = Simulator.start(options)) {
      SimHttp http = new SimHttp(simulator);
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String prompt = "Question " + i;
        calls.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return http.post(
                        "/v1/chat/completions",
                        SimHttp.chatBody("m", prompt),
                        Duration.ofSeconds(60),
                        null);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                },
                clients));
      }
      for (CompletableFuture<HttpResponse<String>> call : calls) {
        assertThat(call.get().statusCode()).isEqualTo(200);
      }
      // the server counts a reply's service time just after writing it: wait for the last one
      // (generously: a loaded machine)
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (simulator.stats().serviceMillis() < 1_800L && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      SimulatorStats stats = simulator.stats();
      assertThat(stats.ok()).isEqualTo(6);
      // two in service at once: the others waited (at most four; all six when they arrive
      // within the first 300 ms)
      assertThat(stats.peakQueued()).isBetween(1, 4);
      assertThat(stats.queuedNow()).isZero();
      // six services of 300 ms each
      assertThat(stats.serviceMillis()).isEqualTo(1_800L);
      assertThat(stats.lastReplyMillis()).isGreaterThanOrEqualTo(stats.firstRequestMillis());
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void aSigmaMakesServiceTimesLognormalWithTheLatencyAsTheirMean() {
    SimulatorOptions options =
        SimulatorOptions.defaults().toBuilder()
            .latency(Duration.ofMillis(600))
            .latencySigma(1.0)
            .build();
    SimState state = new SimState(options, 16);
    int n = 20_000;
    long[] millis = new long[n];
    for (int i = 0; i < n; i++) {
      SimRequest request =
          SimRequest.parse(SimHttp.chatBody("m", "Prompt " + i).toString().getBytes());
      millis[i] = state.delayNanos(request, 1) / 1_000_000;
    }
    Arrays.sort(millis);
    double mean = Arrays.stream(millis).average().orElseThrow();
    // lognormal(mu, 1) with mean 600: median 600 / e^0.5 = 364, p99 = 364 * e^2.326 = 3,730
    assertThat(mean).isBetween(560.0, 640.0);
    assertThat(millis[n / 2]).isBetween(340L, 390L);
    assertThat(millis[n * 99 / 100]).isBetween(3_200L, 4_300L);
    // the same request gets the same service time
    SimRequest again = SimRequest.parse(SimHttp.chatBody("m", "Prompt 7").toString().getBytes());
    assertThat(state.delayNanos(again, 1)).isEqualTo(state.delayNanos(again, 1));
  }

  @Test
  void byConversationTwoClientsWithOtherParametersAndOrderAreServedTheSameTimes() {
    SimulatorOptions options =
        SimulatorOptions.defaults().toBuilder()
            .latency(Duration.ofMillis(600))
            .latencySigma(1.0)
            .latencyByConversation(true)
            .build();
    // two clients send 50 conversations twice each, with their own model names and seeds, in
    // opposite orders
    List<Long> first = delays(new SimState(options, 16), "job-model", 0, false);
    List<Long> second = delays(new SimState(options, 16), "client-model", 1_000, true);
    assertThat(sortedPerConversation(second)).isEqualTo(sortedPerConversation(first));
    // the two samples of a conversation are drawn apart, not given one time
    assertThat(first.get(0)).isNotEqualTo(first.get(1));
    // drawn from the whole body, the same two clients are served other times
    SimulatorOptions byBody = options.withLatencyByConversation(false);
    List<Long> third = delays(new SimState(byBody, 16), "job-model", 0, false);
    List<Long> fourth = delays(new SimState(byBody, 16), "client-model", 1_000, true);
    assertThat(sortedPerConversation(fourth)).isNotEqualTo(sortedPerConversation(third));
  }

  /** Delays of conversation i's two samples at [2i] and [2i + 1], in the order sent. */
  private static List<Long> delays(SimState state, String model, int seedBase, boolean reversed) {
    int n = 50;
    Long[] out = new Long[2 * n];
    for (int k = 0; k < 2 * n; k++) {
      int slot = reversed ? 2 * n - 1 - k : k;
      String body =
          "{\"model\":\""
              + model
              + "\",\"seed\":"
              + (seedBase + slot)
              + ",\"messages\":[{\"role\":\"user\",\"content\":\"Prompt "
              + slot / 2
              + "\"}]}";
      out[slot] = state.delayNanos(SimRequest.parse(body.getBytes()), 1) / 1_000_000;
    }
    return Arrays.asList(out);
  }

  private static List<List<Long>> sortedPerConversation(List<Long> delays) {
    List<List<Long>> out = new ArrayList<>();
    for (int i = 0; i < delays.size(); i += 2) {
      out.add(delays.subList(i, i + 2).stream().sorted().toList());
    }
    return out;
  }

  @Test
  void theCommandLineSetsSlotsAndSigma() throws Exception {
    SimulatorOptions options =
        SimulatorMain.parse(
            new String[] {
              "--latency-ms",
              "600",
              "--latency-sigma",
              "1.0",
              "--slots",
              "64",
              "--latency-by",
              "conversation"
            },
            name -> null);
    assertThat(options.latencyByConversation()).isTrue();
    assertThat(options.slots()).isEqualTo(64);
    assertThat(options.latencySigma()).isEqualTo(1.0);
    assertThat(options.latency()).isEqualTo(Duration.ofMillis(600));
  }
}
