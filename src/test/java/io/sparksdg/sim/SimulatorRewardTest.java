package io.sparksdg.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatorRewardTest {

  /** A real Nemotron-4-340B-Reward reply from a NIM (docs/reference). */
  private static final String REFERENCE =
"""
{
  "id": "07548838-8ef6-4feb-a1ee-66dd97905b72",
  "choices": [
    {
      "index": 0,
      "finish_reason": "length",
      "logprobs": {
        "content": [
          {"token": "helpfulness", "logprob": 4.09375, "bytes": null, "top_logprobs": []},
          {"token": "correctness", "logprob": 4.03125, "bytes": null, "top_logprobs": []},
          {"token": "coherence", "logprob": 4.25, "bytes": null, "top_logprobs": []},
          {"token": "complexity", "logprob": 0.5703125, "bytes": null, "top_logprobs": []},
          {"token": "verbosity", "logprob": 1.109375, "bytes": null, "top_logprobs": []}
        ]
      },
      "message": [
        {
          "role": "assistant",
          "content": "helpfulness:4.09375,correctness:4.03125,coherence:4.25,complexity:0.5703125,verbosity:1.109375"
        }
      ]
    }
  ],
  "usage": {"prompt_tokens": 54, "completion_tokens": 1, "total_tokens": 55}
}
""";

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
  void rewardReplyHasExactlyTheShapeOfTheReference() throws Exception {
    JsonNode reply =
        http.chat(
            SimHttp.rewardBody("nvidia/nemotron-4-340b-reward", "What is 2+2?", "2+2 equals 4."));

    assertThat(shape(reply)).isEqualTo(shape(SimHttp.parse(REFERENCE)));
    assertThat(reply.has("created")).isFalse();
    assertThat(reply.has("model")).isFalse();
    assertThat(reply.has("object")).isFalse();
  }

  @Test
  void rewardReplyParsesToFiveAttributesAgreeingWithTheMessageList() throws Exception {
    JsonNode reply =
        http.chat(
            SimHttp.rewardBody("Nemotron-4-340B-REWARD", "Say hi", "Hello! Nice to meet you."));
    JsonNode choice = reply.path("choices").get(0);

    Map<String, Double> fromLogprobs = new LinkedHashMap<>();
    for (JsonNode item : choice.path("logprobs").path("content")) {
      fromLogprobs.put(item.path("token").asText(), item.path("logprob").asDouble());
    }
    assertThat(choice.path("message").isArray()).isTrue();
    assertThat(choice.path("message")).hasSize(1);
    assertThat(choice.path("message").get(0).path("role").asText()).isEqualTo("assistant");
    Map<String, Double> fromMessage = new LinkedHashMap<>();
    for (String pair : choice.path("message").get(0).path("content").asText().split(",")) {
      String[] parts = pair.split(":");
      fromMessage.put(parts[0], Double.parseDouble(parts[1]));
    }

    assertThat(fromLogprobs)
        .containsOnlyKeys("helpfulness", "correctness", "coherence", "complexity", "verbosity");
    assertThat(fromMessage).containsExactlyEntriesOf(fromLogprobs);
    assertThat(fromLogprobs.values())
        .allSatisfy(
            value -> {
              assertThat(value).isBetween(0.0, 4.0);
              assertThat(value * 128).isCloseTo(Math.rint(value * 128), within(1e-9));
            });
    assertThat(choice.path("finish_reason").asText()).isEqualTo("length");
    assertThat(reply.path("usage").path("completion_tokens").asInt()).isEqualTo(1);
  }

  @Test
  void scoresAreDeterministicAndDifferAcrossResponses() throws Exception {
    String model = "nemotron-4-340b-reward";
    JsonNode first = http.chat(SimHttp.rewardBody(model, "Describe rain", "Rain is water."));
    JsonNode again = http.chat(SimHttp.rewardBody(model, "Describe rain", "Rain is water."));
    JsonNode other = http.chat(SimHttp.rewardBody(model, "Describe rain", "Rain falls."));

    assertThat(scores(again)).isEqualTo(scores(first));
    assertThat(scores(other)).isNotEqualTo(scores(first));
  }

  @Test
  void longerAnswersTendToScoreHigherOnHelpfulnessAndVerbosity() {
    double[] shortSums = new double[5];
    double[] longSums = new double[5];
    java.util.SplittableRandom random = new java.util.SplittableRandom(1);
    int samples = 60;
    for (int i = 0; i < samples; i++) {
      String prompt = "Question " + i;
      add(shortSums, RewardModel.scores(request(prompt, "Short answer " + i + ".")));
      add(longSums, RewardModel.scores(request(prompt, TextGen.answer(prompt, random).repeat(3))));
    }
    assertThat(longSums[0] / samples).isGreaterThan(shortSums[0] / samples + 1.0);
    assertThat(longSums[4] / samples).isGreaterThan(shortSums[4] / samples + 1.5);
    // complexity stays mostly low
    assertThat(longSums[3] / samples).isLessThan(2.0);
  }

  @Test
  void scalarVariantAnswersWithOneReward() throws Exception {
    JsonNode reply =
        http.chat(SimHttp.rewardBody("nvidia/some-reward-scalar", "Hi", "Hello, how are you?"));
    JsonNode choice = reply.path("choices").get(0);

    assertThat(choice.path("message").isObject()).isTrue();
    String content = choice.path("message").path("content").asText();
    assertThat(content).matches("reward:-?\\d+\\.\\d+");
    double reward = Double.parseDouble(content.substring("reward:".length()));
    double expected =
        RewardModel.weighted(RewardModel.scores(request("Hi", "Hello, how are you?")));
    assertThat(reward).isCloseTo(expected, within(1.0 / 128));
    assertThat(choice.has("logprobs")).isFalse();
  }

  private static SimRequest request(String prompt, String answer) {
    return SimRequest.parse(
        SimHttp.rewardBody("reward", prompt, answer)
            .toString()
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static void add(double[] sums, double[] scores) {
    for (int i = 0; i < sums.length; i++) {
      sums[i] += scores[i];
    }
  }

  private static List<Double> scores(JsonNode reply) {
    List<Double> scores = new ArrayList<>();
    reply
        .path("choices")
        .get(0)
        .path("logprobs")
        .path("content")
        .forEach(item -> scores.add(item.path("logprob").asDouble()));
    return scores;
  }

  /** Field names and value kinds, recursively; arrays by their length and elements. */
  private static Object shape(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> fields = new java.util.TreeMap<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        fields.put(name, name.equals("id") ? "id" : shape(node.get(name)));
      }
      return fields;
    }
    if (node.isArray()) {
      List<Object> items = new ArrayList<>();
      node.forEach(item -> items.add(shape(item)));
      return items;
    }
    if (node.isTextual() && !node.asText().contains(":")) {
      return "text:" + node.asText(); // tokens, roles and finish reasons must match exactly
    }
    return node.getNodeType().toString();
  }
}
