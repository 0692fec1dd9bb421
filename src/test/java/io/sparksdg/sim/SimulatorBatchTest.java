package io.sparksdg.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator's batch API over HTTP: files, batches, output and error lines, counts. */
class SimulatorBatchTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void aBatchAnswersEveryLineAsAnOnlineCallWould() throws Exception {
    try (Simulator sim = Simulator.start(SimulatorOptions.defaults())) {
      SimHttp http = new SimHttp(sim);
      List<ObjectNode> bodies = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        bodies.add(SimHttp.chatBody("simulated-instruct", "Batch question " + i + "?"));
      }
      String fileId = upload(sim, jsonl(bodies, "id-"));
      assertThat(sim.stats().batchFiles()).isEqualTo(1);
      assertThat(sim.stats().batchLines()).isEqualTo(3);

      JsonNode batch = create(http, fileId);
      assertThat(batch.get("status").asText()).isIn("validating", "in_progress", "completed");
      JsonNode done = SimHttp.parse(http.get("/v1/batches/" + batch.get("id").asText()).body());
      assertThat(done.get("status").asText()).isEqualTo("completed");
      assertThat(done.at("/request_counts/total").asInt()).isEqualTo(3);
      assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(3);
      assertThat(done.get("error_file_id").isNull()).isTrue();

      Map<String, JsonNode> output = lines(http, done.get("output_file_id").asText());
      assertThat(output).containsOnlyKeys("id-0", "id-1", "id-2");
      for (int i = 0; i < 3; i++) {
        JsonNode line = output.get("id-" + i);
        assertThat(line.at("/response/status_code").asInt()).isEqualTo(200);
        assertThat(line.get("error").isNull()).isTrue();
        String online = http.chat(bodies.get(i)).at("/choices/0/message/content").asText();
        assertThat(line.at("/response/body/choices/0/message/content").asText()).isEqualTo(online);
      }
      assertThat(sim.stats().batchesCreated()).isEqualTo(1);
      assertThat(sim.batchSubmissions()).containsOnlyKeys("id-0", "id-1", "id-2");
    }
  }

  @Test
  void failedAndExpiredLinesGoToTheErrorFileAndAResubmissionDrawsAgain() throws Exception {
    SimulatorOptions options =
        SimulatorOptions.defaults()
            .withSeed(7)
            .withBatches(new SimulatorOptions.Batches(Duration.ZERO, 0.25, 0.25));
    try (Simulator sim = Simulator.start(options)) {
      SimHttp http = new SimHttp(sim);
      List<ObjectNode> bodies = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        bodies.add(SimHttp.chatBody("simulated-instruct", "Question " + i + "?"));
      }
      JsonNode done = finish(http, create(http, upload(sim, jsonl(bodies, "q-"))));
      assertThat(done.get("status").asText()).isEqualTo("expired");
      Map<String, JsonNode> output = lines(http, done.get("output_file_id").asText());
      Map<String, JsonNode> errors = lines(http, done.get("error_file_id").asText());
      assertThat(output.size() + errors.size()).isEqualTo(40);
      assertThat(output.keySet()).doesNotContainAnyElementsOf(errors.keySet());
      assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(output.size());
      assertThat(done.at("/request_counts/failed").asInt()).isEqualTo(errors.size());
      long expired =
          errors.values().stream()
              .filter(l -> "batch_expired".equals(l.at("/error/code").asText()))
              .count();
      long failed =
          errors.values().stream()
              .filter(l -> l.at("/response/status_code").asInt() == 500)
              .count();
      assertThat(expired).isPositive();
      assertThat(failed).isPositive();
      assertThat(expired + failed).isEqualTo(errors.size());

      // The failed lines again: each gets a new draw, so some of them succeed now.
      List<ObjectNode> again = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        if (errors.containsKey("q-" + i)) {
          again.add(bodies.get(i));
          ids.add("q-" + i);
        }
      }
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < again.size(); i++) {
        text.append(line(ids.get(i), again.get(i))).append('\n');
      }
      JsonNode second = finish(http, create(http, upload(sim, text.toString())));
      assertThat(second.at("/request_counts/completed").asInt()).isPositive();
      assertThat(sim.stats().batchLines()).isEqualTo(40 + again.size());
      assertThat(sim.batchSubmissions().get(ids.get(0))).isEqualTo(2);
      assertThat(sim.batchSubmissions().get(output.keySet().iterator().next())).isEqualTo(1);
    }
  }

  @Test
  void aBatchWaitsForItsDelayAndCanBeCancelled() throws Exception {
    SimulatorOptions options =
        SimulatorOptions.defaults()
            .withBatches(new SimulatorOptions.Batches(Duration.ofHours(1), 0, 0));
    try (Simulator sim = Simulator.start(options)) {
      SimHttp http = new SimHttp(sim);
      JsonNode batch =
          create(http, upload(sim, jsonl(List.of(SimHttp.chatBody("m", "Slow?")), "s-")));
      String id = batch.get("id").asText();
      JsonNode now = SimHttp.parse(http.get("/v1/batches/" + id).body());
      assertThat(now.get("status").asText()).isIn("validating", "in_progress");
      assertThat(now.get("output_file_id").isNull()).isTrue();
      JsonNode cancelled =
          SimHttp.parse(
              http.post("/v1/batches/" + id + "/cancel", SimHttp.MAPPER.createObjectNode()).body());
      assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
      assertThat(lines(http, cancelled.get("error_file_id").asText())).containsOnlyKeys("s-0");
      assertThat(http.get("/v1/batches/batch-none").statusCode()).isEqualTo(404);
    }
  }

  private static JsonNode finish(SimHttp http, JsonNode batch) throws Exception {
    return SimHttp.parse(http.get("/v1/batches/" + batch.get("id").asText()).body());
  }

  private static JsonNode create(SimHttp http, String fileId) throws Exception {
    ObjectNode body = SimHttp.MAPPER.createObjectNode();
    body.put("input_file_id", fileId);
    body.put("endpoint", "/v1/chat/completions");
    body.put("completion_window", "24h");
    HttpResponse<String> created = http.post("/v1/batches", body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    return SimHttp.parse(created.body());
  }

  private static Map<String, JsonNode> lines(SimHttp http, String fileId) throws Exception {
    HttpResponse<String> content = http.get("/v1/files/" + fileId + "/content");
    assertThat(content.statusCode()).isEqualTo(200);
    Map<String, JsonNode> out = new HashMap<>();
    for (String line : content.body().split("\n")) {
      if (!line.isBlank()) {
        JsonNode node = SimHttp.parse(line);
        assertThat(out.put(node.get("custom_id").asText(), node)).isNull();
      }
    }
    return out;
  }

  private static String jsonl(List<ObjectNode> bodies, String prefix) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < bodies.size(); i++) {
      text.append(line(prefix + i, bodies.get(i))).append('\n');
    }
    return text.toString();
  }

  private static String line(String customId, ObjectNode body) {
    ObjectNode line = SimHttp.MAPPER.createObjectNode();
    line.put("custom_id", customId);
    line.put("method", "POST");
    line.put("url", "/v1/chat/completions");
    line.set("body", body);
    return line.toString();
  }

  /** Uploads {@code text} as a multipart form with purpose=batch; returns the file id. */
  private static String upload(Simulator sim, String text)
      throws IOException, InterruptedException {
    String boundary = "sdg-test-boundary";
    String body =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"in.jsonl\"\r\n"
            + "Content-Type: application/jsonl\r\n\r\n"
            + text
            + "\r\n--"
            + boundary
            + "--\r\n";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/files"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return SimHttp.parse(response.body()).get("id").asText();
  }
}
