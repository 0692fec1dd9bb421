package io.sparksdg.spark.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.sparksdg.sim.Simulator;
import io.sparksdg.sim.SimulatorOptions;
import io.sparksdg.spark.tables.Tables;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf/reasoning.yaml (open Q&A and math in both reasoning modes) against the simulator: every
 * (prompt, sample) answered once with reasoning and once without, the reward model sent the answers
 * only, pairs within one mode, and the exports carrying the reasoning field.
 */
class SdgJobReasoningTest extends SparkTestBase {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void bothModesWritePairedRowsAndTheRewardModelSeesAnswersOnly() throws Exception {
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir);
        Simulator reward = Simulator.start(SimulatorOptions.defaults())) {
      sim.run(
          sim.config(
              "conf/reasoning.yaml",
              "output.report=false",
              "prompts.topics=2",
              "prompts.questions-per-topic=2",
              "prompts.families.math.levels=[university]",
              "endpoints.reward.base-url=" + reward.baseUrl()));

      List<Row> responses =
          sim.table(Tables.RESPONSES)
              .join(sim.table(Tables.PROMPTS).select("prompt_id", "task", "messages"), "prompt_id")
              .select(
                  "response_id",
                  "prompt_id",
                  "sample_index",
                  "text",
                  "reasoning",
                  "reasoning_mode",
                  "task",
                  "messages")
              .collectAsList();
      assertThat(responses).isNotEmpty();
      Set<String> tasks = new HashSet<>();
      Map<String, Map<String, Row>> byPromptSample = new HashMap<>();
      for (Row r : responses) {
        tasks.add(r.getAs("task"));
        byPromptSample
            .computeIfAbsent(
                r.getAs("prompt_id") + "/" + r.getAs("sample_index"), k -> new HashMap<>())
            .put(r.getAs("reasoning_mode"), r);
        String text = r.getAs("text");
        assertThat(text).startsWith("[simulated] ").doesNotContain("<think>", "</think>");
      }
      assertThat(tasks).containsExactlyInAnyOrder("open_qa", "math");
      // each (prompt, sample): one row with reasoning on (and reasoning), one off (and none)
      for (Map<String, Row> pair : byPromptSample.values()) {
        assertThat(pair.keySet()).containsExactlyInAnyOrder("on", "off");
        assertThat((String) pair.get("on").getAs("reasoning")).startsWith("[simulated] Let me");
        assertThat((Object) pair.get("off").getAs("reasoning")).isNull();
        assertThat((String) pair.get("on").getAs("response_id"))
            .isNotEqualTo(pair.get("off").getAs("response_id"));
      }
      assertThat(responses).hasSize(2 * byPromptSample.size());

      // the reward model was asked about exactly the answers: [user prompt, answer text]
      Set<String> answersOnly = new HashSet<>();
      for (Row r : responses) {
        List<Row> messages = r.getList(r.fieldIndex("messages"));
        ArrayNode conversation = JSON.createArrayNode();
        for (Row m : messages) {
          conversation
              .addObject()
              .put("content", m.<String>getAs("content"))
              .put("role", m.<String>getAs("role"));
        }
        conversation.addObject().put("content", r.<String>getAs("text")).put("role", "assistant");
        answersOnly.add(sha256Hex(JSON.writeValueAsString(conversation)));
      }
      Set<String> asked = new HashSet<>();
      for (JsonNode entry : requestLog(reward)) {
        asked.add(entry.path("messagesHash").asText());
      }
      assertThat(asked).isEqualTo(answersOnly);

      // pairs never cross modes, and carry both responses' reasoning when on
      Map<String, String> modeOf = new HashMap<>();
      responses.forEach(r -> modeOf.put(r.getAs("response_id"), r.getAs("reasoning_mode")));
      List<Row> prefs = sim.table(Tables.PREFERENCES).collectAsList();
      assertThat(prefs).isNotEmpty();
      Set<String> prefModes = new HashSet<>();
      for (Row p : prefs) {
        String mode = p.getAs("reasoning_mode");
        prefModes.add(mode);
        assertThat(modeOf.get(p.<String>getAs("chosen_response_id"))).isEqualTo(mode);
        assertThat(modeOf.get(p.<String>getAs("rejected_response_id"))).isEqualTo(mode);
        if (mode.equals("on")) {
          assertThat((String) p.getAs("chosen_reasoning")).isNotNull();
        }
      }
      assertThat(prefModes).containsExactlyInAnyOrder("on", "off");

      // exports: the SFT and TRL lines carry the reasoning on the assistant message
      List<JsonNode> sft = lines(sim.out().resolve("exports/sft-messages"));
      assertThat(sft).isNotEmpty();
      int withReasoning = 0;
      for (JsonNode line : sft) {
        JsonNode messages = line.path("messages");
        JsonNode system = messages.get(0);
        JsonNode answer = messages.get(messages.size() - 1);
        assertThat(system.path("role").asText()).isEqualTo("system");
        assertThat(answer.has("reasoning")).isTrue();
        if (system.path("content").asText().equals("detailed thinking on")) {
          assertThat(answer.path("reasoning").asText()).startsWith("[simulated] Let me");
          withReasoning++;
        } else {
          assertThat(system.path("content").asText()).isEqualTo("detailed thinking off");
          assertThat(answer.path("reasoning").isNull()).isTrue();
        }
      }
      assertThat(withReasoning).isPositive().isLessThan(sft.size());
      List<JsonNode> trl = lines(sim.out().resolve("exports/trl-preferences"));
      for (JsonNode line : trl) {
        assertThat(line.path("chosen").get(0).has("reasoning")).isTrue();
        assertThat(line.path("rejected").get(0).has("reasoning")).isTrue();
      }
    }
  }

  private static JsonNode requestLog(Simulator sim) throws Exception {
    HttpResponse<String> reply =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(sim.baseUrl().replaceAll("/v1/?$", "") + "/sim/requests"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(reply.body());
  }

  private static List<JsonNode> lines(Path export) throws Exception {
    List<JsonNode> out = new java.util.ArrayList<>();
    try (Stream<Path> files = Files.walk(export)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
        for (String line : Files.readAllLines(f)) {
          if (!line.isBlank()) {
            out.add(JSON.readTree(line));
          }
        }
      }
    }
    return out;
  }

  private static String sha256Hex(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
