package io.sparksdg.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatorFaultsTest {

  private static final String CHAT = "/v1/chat/completions";

  @Test
  void rateLimitedAnswers429WithARetryAfterHeaderInEachForm() throws Exception {
    try (Simulator simulator = start(new Faults(1, 0, 0, 0, 0, 0, 0, List.of()))) {
      SimHttp http = new SimHttp(simulator);
      Set<String> forms = new HashSet<>();
      for (int i = 0; i < 6; i++) {
        HttpResponse<String> response = http.post(CHAT, SimHttp.chatBody("m", "Hi"));
        assertThat(response.statusCode()).isEqualTo(429);
        if (response.headers().firstValue("retry-after-ms").isPresent()) {
          assertThat(response.headers().firstValue("retry-after-ms")).hasValue("200");
          forms.add("ms");
        } else {
          String retryAfter = response.headers().firstValue("retry-after").orElseThrow();
          forms.add(retryAfter.matches("\\d+") ? "seconds" : "date");
          assertThat(retryAfter)
              .matches("\\d+|\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        }
      }
      // attempts of one request rotate through the three forms
      assertThat(forms).containsExactlyInAnyOrder("seconds", "date", "ms");
      assertThat(simulator.stats().faulted()).isEqualTo(6);
    }
  }

  @Test
  void serverErrorAnswers500() throws Exception {
    try (Simulator simulator = start(new Faults(0, 1, 0, 0, 0, 0, 0, List.of()))) {
      HttpResponse<String> response =
          new SimHttp(simulator).post(CHAT, SimHttp.chatBody("m", "Hi"));
      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(SimHttp.parse(response.body()).path("error").path("type").asText())
          .isEqualTo("server_error");
    }
  }

  @Test
  void unavailableAnswers503() throws Exception {
    try (Simulator simulator = start(new Faults(0, 0, 1, 0, 0, 0, 0, List.of()))) {
      assertThat(new SimHttp(simulator).post(CHAT, SimHttp.chatBody("m", "Hi")).statusCode())
          .isEqualTo(503);
    }
  }

  @Test
  void resetBeforeHeadersFailsTheClientCall() {
    try (Simulator simulator = start(new Faults(0, 0, 0, 1, 0, 0, 0, List.of()))) {
      SimHttp http = new SimHttp(simulator);
      assertThatThrownBy(() -> http.post(CHAT, SimHttp.chatBody("m", "Hi")))
          .isInstanceOf(IOException.class);
      assertThat(simulator.stats().faulted()).isEqualTo(1);
    }
  }

  @Test
  void resetMidBodyFailsTheClientCall() {
    try (Simulator simulator = start(new Faults(0, 0, 0, 0, 1, 0, 0, List.of()))) {
      SimHttp http = new SimHttp(simulator);
      assertThatThrownBy(() -> http.post(CHAT, SimHttp.chatBody("m", "Hi")))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void malformedBodyIsA200ThatIsNotValidJson() throws Exception {
    try (Simulator simulator = start(new Faults(0, 0, 0, 0, 0, 1, 0, List.of()))) {
      HttpResponse<String> response =
          new SimHttp(simulator).post(CHAT, SimHttp.chatBody("m", "Hi"));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).startsWith("{");
      assertThatThrownBy(() -> SimHttp.parse(response.body())).isInstanceOf(RuntimeException.class);
    }
  }

  @Test
  void stallNeverAnswersAndIsReleasedWhenTheClientGivesUp() throws Exception {
    try (Simulator simulator = start(new Faults(0, 0, 0, 0, 0, 0, 1, List.of()))) {
      SimHttp http = new SimHttp(simulator);
      assertThatThrownBy(
              () -> http.post(CHAT, SimHttp.chatBody("m", "Hi"), Duration.ofMillis(300), null))
          .isInstanceOf(HttpTimeoutException.class);
      assertThat(simulator.stats().peakInFlight()).isEqualTo(1);
      assertThat(simulator.stats().ok()).isZero();
      // the client closes the connection when it gives up, which ends the request
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (simulator.stats().inFlightNow() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(simulator.stats().inFlightNow()).isZero();
    }
  }

  @Test
  void rejectMarkersGetAPermanent400AndOthersPass() throws Exception {
    Faults faults = Faults.none().withRejectMarkers(List.of("POISON"));
    try (Simulator simulator = start(faults)) {
      SimHttp http = new SimHttp(simulator);
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> response = http.post(CHAT, SimHttp.chatBody("m", "Eat POISON now"));
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = SimHttp.parse(response.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).contains("reject marker");
      }
      assertThat(http.post(CHAT, SimHttp.chatBody("m", "Eat bread")).statusCode()).isEqualTo(200);
      assertThat(simulator.stats().rejected()).isEqualTo(3);
      assertThat(simulator.stats().ok()).isEqualTo(1);
    }
  }

  @Test
  void requiredApiKeyGives401WithoutItAnd200WithIt() throws Exception {
    SimulatorOptions options = SimulatorOptions.defaults().withRequiredApiKey("s3cret-key");
    try (Simulator simulator = Simulator.start(options)) {
      SimHttp http = new SimHttp(simulator);
      HttpResponse<String> missing = http.post(CHAT, SimHttp.chatBody("m", "Hi"));
      HttpResponse<String> wrong =
          http.post(CHAT, SimHttp.chatBody("m", "Hi"), Duration.ofSeconds(5), "s3cret-kez");
      HttpResponse<String> right =
          http.post(CHAT, SimHttp.chatBody("m", "Hi"), Duration.ofSeconds(5), "s3cret-key");

      assertThat(missing.statusCode()).isEqualTo(401);
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.body()).doesNotContain("s3cret");
      assertThat(right.statusCode()).isEqualTo(200);
      assertThat(options.toString()).doesNotContain("s3cret");
    }
  }

  @Test
  void partialFaultsAreReproducibleAndRetriesEventuallySucceed() throws Exception {
    Faults faults = new Faults(0.3, 0.2, 0.2, 0, 0, 0, 0, List.of());
    List<Integer> firstRun = statusesUntilSuccess(faults, 42);
    List<Integer> secondRun = statusesUntilSuccess(faults, 42);
    List<Integer> otherSeed = statusesUntilSuccess(faults, 43);

    assertThat(secondRun).isEqualTo(firstRun);
    assertThat(otherSeed).isNotEqualTo(firstRun);
    assertThat(firstRun).contains(429).contains(200);
  }

  /** For 10 prompts, the statuses of attempts until each one succeeds. */
  private static List<Integer> statusesUntilSuccess(Faults faults, long seed) throws Exception {
    List<Integer> statuses = new ArrayList<>();
    try (Simulator simulator =
        Simulator.start(SimulatorOptions.defaults().withFaults(faults).withSeed(seed))) {
      SimHttp http = new SimHttp(simulator);
      for (int prompt = 0; prompt < 10; prompt++) {
        int status = 0;
        for (int attempt = 0; attempt < 50 && status != 200; attempt++) {
          status = http.post(CHAT, SimHttp.chatBody("m", "Prompt " + prompt)).statusCode();
          statuses.add(status);
        }
        assertThat(status).isEqualTo(200);
      }
    }
    return statuses;
  }

  private static Simulator start(Faults faults) {
    return Simulator.start(SimulatorOptions.defaults().withFaults(faults));
  }
}
