package io.sparksdg.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SimulatorStatsTest {

  private static final String CHAT = "/v1/chat/completions";

  @Test
  void peakInFlightCountsConcurrentRequests() throws Exception {
    SimulatorOptions options = SimulatorOptions.defaults().withLatency(Duration.ofMillis(200));
    try (Simulator simulator = Simulator.start(options)) {
      SimHttp http = new SimHttp(simulator);
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(http.postAsync(CHAT, SimHttp.chatBody("m", "Concurrent " + i)));
      }
      for (CompletableFuture<HttpResponse<String>> call : calls) {
        assertThat(call.get().statusCode()).isEqualTo(200);
      }

      SimulatorStats stats = simulator.stats();
      assertThat(stats.peakInFlight()).isBetween(10, 20);
      assertThat(stats.inFlightNow()).isZero();
      assertThat(stats.ok()).isEqualTo(20);
    }
  }

  @Test
  void jitterAddsDelayWithinTheConfiguredBound() throws Exception {
    SimulatorOptions options =
        SimulatorOptions.defaults()
            .withLatency(Duration.ofMillis(50))
            .withLatencyJitter(Duration.ofMillis(100));
    try (Simulator simulator = Simulator.start(options)) {
      SimHttp http = new SimHttp(simulator);
      http.post(CHAT, SimHttp.chatBody("m", "warm up"));
      long started = System.nanoTime();
      assertThat(http.post(CHAT, SimHttp.chatBody("m", "timed")).statusCode()).isEqualTo(200);
      long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
      assertThat(elapsedMillis).isBetween(50L, 1_000L);
    }
  }

  @Test
  void statsCountOutcomesAndModels() throws Exception {
    Faults faults = new Faults(0, 1, 0, 0, 0, 0, 0, List.of());
    try (Simulator ok = Simulator.start(SimulatorOptions.defaults());
        Simulator failing = Simulator.start(SimulatorOptions.defaults().withFaults(faults))) {
      SimHttp http = new SimHttp(ok);
      http.post(CHAT, SimHttp.chatBody("alpha", "one"));
      http.post(CHAT, SimHttp.chatBody("alpha", "two"));
      http.post(CHAT, SimHttp.rewardBody("beta-reward", "q", "a"));
      http.post(CHAT, SimHttp.MAPPER.createObjectNode().put("model", "alpha"));
      new SimHttp(failing).post(CHAT, SimHttp.chatBody("gamma", "three"));

      SimulatorStats stats = ok.stats();
      assertThat(stats.requests()).isEqualTo(4);
      assertThat(stats.ok()).isEqualTo(3);
      assertThat(stats.rejected()).isEqualTo(1);
      assertThat(stats.faulted()).isZero();
      assertThat(stats.requestsByModel())
          .containsExactly(
              org.assertj.core.api.Assertions.entry("alpha", 2L),
              org.assertj.core.api.Assertions.entry("beta-reward", 1L));
      assertThat(failing.stats().faulted()).isEqualTo(1);

      JsonNode overHttp = SimHttp.parse(http.get("/sim/stats").body());
      assertThat(overHttp.path("requests").asLong()).isEqualTo(4);
      assertThat(overHttp.path("ok").asLong()).isEqualTo(3);
      assertThat(overHttp.path("requestsByModel").path("alpha").asLong()).isEqualTo(2);
    }
  }

  @Test
  void resetStartsTheWindowAgainAndKeepsTheCounts() throws Exception {
    try (Simulator simulator = Simulator.start(SimulatorOptions.defaults())) {
      SimHttp http = new SimHttp(simulator);
      http.post(CHAT, SimHttp.chatBody("m", "warm-up"));
      assertThat(simulator.stats().firstRequestMillis()).isPositive();

      HttpResponse<String> reset = http.post("/sim/stats/reset", Json.object());
      JsonNode afterReset = SimHttp.parse(reset.body());
      http.post(CHAT, SimHttp.chatBody("m", "measured"));
      SimulatorStats stats = simulator.stats();

      assertThat(reset.statusCode()).isEqualTo(200);
      assertThat(afterReset.path("firstRequestMillis").asLong()).isZero();
      assertThat(afterReset.path("lastReplyMillis").asLong()).isZero();
      assertThat(afterReset.path("requests").asLong()).isEqualTo(1);
      assertThat(stats.requests()).isEqualTo(2);
      assertThat(stats.firstRequestMillis()).isPositive();
      assertThat(stats.lastReplyMillis()).isGreaterThanOrEqualTo(stats.firstRequestMillis());
      assertThat(http.get("/sim/stats/reset").statusCode()).isEqualTo(405);
    }
  }

  @Test
  void requestLogListsModelMessagesHashAndAttempt() throws Exception {
    Faults faults = new Faults(0, 0, 0.5, 0, 0, 0, 0, List.of());
    try (Simulator simulator =
        Simulator.start(SimulatorOptions.defaults().withFaults(faults).withSeed(7))) {
      SimHttp http = new SimHttp(simulator);
      ObjectNode body = SimHttp.chatBody("m", "Log me");
      int sent = 0;
      int status = 0;
      while (status != 200 && sent < 20) {
        status = http.post(CHAT, body).statusCode();
        sent++;
      }
      http.post(CHAT, SimHttp.chatBody("other", "Something else"));

      JsonNode log = SimHttp.parse(http.get("/sim/requests").body());

      assertThat(log).hasSize(sent + 1);
      String expectedHash = sha256Hex("[{\"content\":\"Log me\",\"role\":\"user\"}]");
      for (int i = 0; i < sent; i++) {
        assertThat(log.get(i).path("model").asText()).isEqualTo("m");
        assertThat(log.get(i).path("messagesHash").asText()).isEqualTo(expectedHash);
        assertThat(log.get(i).path("attempt").asInt()).isEqualTo(i + 1);
      }
      assertThat(log.get(sent).path("model").asText()).isEqualTo("other");
      assertThat(log.get(sent).path("attempt").asInt()).isEqualTo(1);
    }
  }

  @Test
  void requestLogKeepsOnlyTheNewestEntries() throws Exception {
    RequestLog log = new RequestLog(3);
    for (int i = 1; i <= 5; i++) {
      log.add("m" + i, sha256Hex("x" + i), i);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    log.writeJson(out);

    JsonNode entries = SimHttp.parse(out.toString(StandardCharsets.UTF_8));
    assertThat(entries).hasSize(3);
    assertThat(entries.get(0).path("model").asText()).isEqualTo("m3");
    assertThat(entries.get(2).path("messagesHash").asText()).isEqualTo(sha256Hex("x5"));
    assertThat(entries.get(2).path("attempt").asInt()).isEqualTo(5);
  }

  @Test
  void healthAndModelsEndpointsAnswer() throws Exception {
    try (Simulator simulator = Simulator.start(SimulatorOptions.defaults())) {
      SimHttp http = new SimHttp(simulator);
      http.post(CHAT, SimHttp.chatBody("my-model", "Hi"));

      HttpResponse<String> health = http.get("/health");
      JsonNode models = SimHttp.parse(http.get("/v1/models").body());
      List<String> ids = new ArrayList<>();
      models.path("data").forEach(model -> ids.add(model.path("id").asText()));

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("ok");
      assertThat(models.path("object").asText()).isEqualTo("list");
      assertThat(ids).containsExactly("my-model", "simulated-instruct", "simulated-reward");
      assertThat(http.get("/nowhere").statusCode()).isEqualTo(404);
      assertThat(http.get(CHAT).statusCode()).isEqualTo(405);
    }
  }

  @Test
  void closeReleasesThePortAndBaseUrlNamesIt() {
    Simulator simulator = Simulator.start(SimulatorOptions.defaults());
    int port = simulator.port();
    assertThat(simulator.baseUrl()).isEqualTo("http://127.0.0.1:" + port);
    simulator.close();
    simulator.close(); // idempotent

    try (Simulator again = Simulator.start(SimulatorOptions.defaults().withPort(port))) {
      assertThat(again.port()).isEqualTo(port);
    }
  }

  private static String sha256Hex(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
