package io.sparksdg.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatorChatTest {

  private static Simulator simulator;
  private static SimHttp http;

  @BeforeAll
  static void start() {
    simulator = Simulator.start(SimulatorOptions.defaults());
    http = new SimHttp(simulator);
  }

  @AfterAll
  static void stop() {
    simulator.close();
  }

  @Test
  void answersInOpenAiChatCompletionFormat() throws Exception {
    JsonNode reply = http.chat(SimHttp.chatBody("meta/llama-3.1-8b-instruct", "Explain tides"));

    assertThat(reply.path("id").asText()).startsWith("chatcmpl-");
    assertThat(reply.path("object").asText()).isEqualTo("chat.completion");
    assertThat(reply.path("created").asLong()).isPositive();
    assertThat(reply.path("model").asText()).isEqualTo("simulated/meta/llama-3.1-8b-instruct");
    assertThat(reply.path("choices")).hasSize(1);
    JsonNode choice = reply.path("choices").get(0);
    assertThat(choice.path("index").asInt()).isZero();
    assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
    String content = choice.path("message").path("content").asText();
    assertThat(content).startsWith("[simulated] ");
    assertThat(content.split("\\.")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
    JsonNode usage = reply.path("usage");
    int words = content.strip().split("\\s+").length;
    assertThat(usage.path("completion_tokens").asInt()).isEqualTo((int) Math.ceil(words * 1.3));
    assertThat(usage.path("prompt_tokens").asInt()).isPositive();
    assertThat(usage.path("total_tokens").asInt())
        .isEqualTo(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt());
  }

  @Test
  void sameRequestGetsSameAnswerAndAnotherSeedADifferentOne() throws Exception {
    ObjectNode body = SimHttp.chatBody("m", "Write a haiku about rain");
    body.put("temperature", 0.7).put("top_p", 0.9).put("seed", 1);

    String first = content(http.chat(body), 0);
    String again = content(http.chat(body), 0);
    String otherSeed = content(http.chat(body.deepCopy().put("seed", 2)), 0);
    String otherTemperature = content(http.chat(body.deepCopy().put("temperature", 0.8)), 0);

    assertThat(again).isEqualTo(first);
    assertThat(otherSeed).isNotEqualTo(first);
    assertThat(otherTemperature).isNotEqualTo(first);
  }

  @Test
  void returnsNDistinctChoices() throws Exception {
    ObjectNode body = SimHttp.chatBody("m", "Name a colour");
    body.put("n", 4);

    JsonNode reply = http.chat(body);

    Set<String> answers = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      assertThat(reply.path("choices").get(i).path("index").asInt()).isEqualTo(i);
      answers.add(content(reply, i));
    }
    assertThat(answers).hasSize(4);
  }

  @Test
  void smallMaxTokensCutsTheAnswerWithFinishReasonLength() throws Exception {
    ObjectNode body = SimHttp.chatBody("m", "Tell me everything about volcanoes");
    body.put("max_tokens", 8);

    JsonNode reply = http.chat(body);

    String content = content(reply, 0);
    assertThat(content.split("\\s+")).hasSizeBetween(1, 8);
    assertThat(reply.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
    assertThat(reply.path("usage").path("completion_tokens").asInt()).isBetween(1, 8);
  }

  @Test
  void acceptsThePathWithoutV1() throws Exception {
    HttpResponse<String> response = http.post("/chat/completions", SimHttp.chatBody("m", "Hello"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(SimHttp.parse(response.body()).path("object").asText()).isEqualTo("chat.completion");
  }

  @Test
  void jsonObjectModeAnswersWithAnAnswerField() throws Exception {
    ObjectNode body = SimHttp.chatBody("m", "Reply in JSON");
    body.putObject("response_format").put("type", "json_object");

    JsonNode content = SimHttp.parse(content(http.chat(body), 0));

    assertThat(content.path("answer").asText()).startsWith("[simulated] ");
  }

  @Test
  void unparseableBodyGetsAPermanent400() throws Exception {
    ObjectNode noMessages = SimHttp.MAPPER.createObjectNode().put("model", "m");

    HttpResponse<String> response = http.post("/v1/chat/completions", noMessages);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(SimHttp.parse(response.body()).path("error").path("type").asText())
        .isEqualTo("invalid_request_error");
  }

  @Test
  void repeatRateOneMakesAnswersRepeatCannedOnes() throws Exception {
    try (Simulator repeating =
        Simulator.start(SimulatorOptions.defaults().withRepeatRate(1.0).withSeed(5))) {
      SimHttp client = new SimHttp(repeating);
      Set<String> normalized = new HashSet<>();
      for (int i = 0; i < 30; i++) {
        String answer = content(client.chat(SimHttp.chatBody("m", "Question number " + i)), 0);
        assertThat(answer).startsWith("[simulated] ");
        normalized.add(answer.toLowerCase().replaceAll("[^a-z ]", ""));
      }
      // 30 different prompts collapse onto the few canned answers (8 at most)
      assertThat(normalized).hasSizeLessThanOrEqualTo(8);
    }
  }

  private static String content(JsonNode reply, int choice) {
    return reply.path("choices").get(choice).path("message").path("content").asText();
  }

  @Test
  void answersKeywordQuestionsYesOrNoTheSameWayEveryTime() throws Exception {
    java.util.Map<Boolean, Integer> verdicts = new java.util.HashMap<>();
    for (int i = 0; i < 24; i++) {
      String question =
          io.sparksdg.prompts.PromptTemplate.builtIn("keyword-classifier")
              .render(java.util.Map.of("keyword", "entity " + i, "domain", "mathematics"));
      ObjectNode body = SimHttp.chatBody("m", question);
      body.put("temperature", 0.0).put("seed", i);
      String answer = content(http.chat(body), 0);
      assertThat(content(http.chat(SimHttp.chatBody("m", question)), 0)).isEqualTo(answer);
      assertThat(answer).endsWith("[simulated]");
      java.util.Optional<Boolean> verdict = io.sparksdg.prompts.YesNo.parse(answer);
      assertThat(verdict).as(answer).isPresent();
      verdicts.merge(verdict.get(), 1, Integer::sum);
    }
    // About one entity in four is not a keyword.
    assertThat(verdicts.get(false)).isBetween(2, 12);
    assertThat(verdicts.get(true)).isBetween(12, 22);
  }
}
