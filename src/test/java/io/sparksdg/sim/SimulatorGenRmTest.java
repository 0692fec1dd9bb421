package io.sparksdg.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparksdg.judge.GenRmVerdict;
import io.sparksdg.judge.PairwiseVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A model named "genrm" answers two responses as NVIDIA's HelpSteer3 GenRMs do. */
class SimulatorGenRmTest {

  private static ObjectNode body(String model, String first, String second) {
    ObjectNode body = SimHttp.MAPPER.createObjectNode();
    body.put("model", model);
    body.put("temperature", 0.0);
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "user").put("content", "How do tides work?");
    messages.addObject().put("role", "response_1").put("content", first);
    messages.addObject().put("role", "response_2").put("content", second);
    return body;
  }

  private static String content(JsonNode reply) {
    return reply.path("choices").get(0).path("message").path("content").asText();
  }

  private static List<String> responses() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      out.add(("The moon pulls the sea " + i + ". ").repeat(1 + i % 5) + "That is all.");
    }
    return out;
  }

  @Test
  void answersInTheGenRmFormatConsistentWithEachResponsesScore() throws Exception {
    try (Simulator sim = Simulator.start(SimulatorOptions.defaults())) {
      SimHttp http = new SimHttp(sim);
      List<String> texts = responses();
      int agreed = 0;
      int disagreed = 0;
      for (int i = 0; i < texts.size(); i++) {
        for (int j = i + 1; j < texts.size(); j++) {
          String ab = content(http.chat(body("sim-genrm", texts.get(i), texts.get(j))));
          String ba = content(http.chat(body("sim-genrm", texts.get(j), texts.get(i))));
          assertThat(content(http.chat(body("sim-genrm", texts.get(i), texts.get(j)))))
              .isEqualTo(ab);
          GenRmVerdict first = GenRmVerdict.parse(ab, null);
          GenRmVerdict swapped = GenRmVerdict.parse(ba, null);
          assertThat(first.problems()).isEmpty();
          assertThat(swapped.problems()).isEmpty();
          assertThat(first.reasoning()).startsWith("[simulated] ").contains("Response 2 has");
          Optional<PairwiseVerdict> verdict =
              PairwiseVerdict.consistent(
                  first.preferred().orElseThrow(), swapped.preferred().orElseThrow());
          if (verdict.isEmpty()) {
            disagreed++;
            continue;
          }
          agreed++;
          // both orders give each response the same score, and the preferred one is not worse
          assertThat(first.firstScore()).isEqualTo(swapped.secondScore());
          assertThat(first.secondScore()).isEqualTo(swapped.firstScore());
          int preferred =
              verdict.get() == PairwiseVerdict.A ? first.firstScore() : first.secondScore();
          int other = verdict.get() == PairwiseVerdict.A ? first.secondScore() : first.firstScore();
          assertThat(preferred).isGreaterThanOrEqualTo(other);
          assertThat(first.firstScore()).isEqualTo(GenRmModel.score(texts.get(i)));
        }
      }
      // a small share of the 66 pairs is answered by position, the rest on the merits
      assertThat(disagreed).isBetween(1, 20);
      assertThat(agreed).isEqualTo(66 - disagreed);
    }
  }

  @Test
  void otherModelsAndRequestsWithoutBothResponsesAreNotGenRms() throws Exception {
    try (Simulator sim = Simulator.start(SimulatorOptions.defaults())) {
      SimHttp http = new SimHttp(sim);
      assertThat(content(http.chat(body("simulated-instruct", "a b c", "d e f"))))
          .doesNotContain("Ranking Score");
      assertThat(content(http.chat(SimHttp.chatBody("sim-genrm", "How do tides work?"))))
          .doesNotContain("Ranking Score");
      ObjectNode thinking = body("sim-genrm", "a b c", "d e f");
      thinking.putObject("chat_template_kwargs").put("enable_thinking", true);
      JsonNode reply = http.chat(thinking);
      assertThat(reply.path("choices").get(0).path("message").has("reasoning_content")).isFalse();
      assertThat(content(reply)).contains("[The Begin of Ranking Score]");
    }
  }
}
