package io.sparksdg.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics}: the slots' state under vLLM's gauge names, in Prometheus text format. */
class SimulatorMetricsTest {

  @Test
  void reportsRunningAndWaitingRequestsAsVllmDoes() throws Exception {
    SimulatorOptions options =
        SimulatorOptions.defaults().toBuilder().latency(Duration.ofSeconds(3)).slots(2).build();
    try (Simulator simulator = Simulator.start(options)) {
      SimHttp http = new SimHttp(simulator);
      HttpResponse<String> idle = http.get("/metrics");
      assertThat(idle.statusCode()).isEqualTo(200);
      assertThat(idle.headers().firstValue("content-type")).hasValue(MetricsText.CONTENT_TYPE);
      assertThat(idle.body())
          .contains(
              "# TYPE vllm:num_requests_waiting gauge\n",
              "vllm:num_requests_running{model_name=\"simulated\"} 0.0\n",
              "vllm:num_requests_waiting{model_name=\"simulated\"} 0.0\n",
              "sim:slots{model_name=\"simulated\"} 2.0\n");

      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        calls.add(http.postAsync("/v1/chat/completions", SimHttp.chatBody("m", "Q " + i)));
      }
      String busy = "";
      long deadline = System.nanoTime() + 20_000_000_000L; // generous: a loaded machine
      while (!busy.contains("waiting{model_name=\"simulated\"} 3.0")
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
        busy = http.get("/metrics").body();
      }

      assertThat(busy)
          .contains(
              "vllm:num_requests_running{model_name=\"simulated\"} 2.0\n",
              "vllm:num_requests_waiting{model_name=\"simulated\"} 3.0\n");
      assertThat(http.post("/metrics", SimHttp.chatBody("m", "x")).statusCode()).isEqualTo(405);
      calls.forEach(c -> c.cancel(true));
    }
  }
}
