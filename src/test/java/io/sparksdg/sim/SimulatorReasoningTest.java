package io.sparksdg.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With "detailed thinking on" the simulated answer carries reasoning, in either of two forms. */
class SimulatorReasoningTest {

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

  private static ObjectNode withSystem(String system, String prompt) {
    ObjectNode body = SimHttp.chatBody("m", prompt);
    ArrayNode messages = (ArrayNode) body.get("messages");
    messages.insertObject(0).put("role", "system").put("content", system);
    return body;
  }

  @Test
  void thinkingOnAlternatesBetweenTheFieldAndAThinkBlock() throws Exception {
    int field = 0;
    int block = 0;
    for (int i = 0; i < 16; i++) {
      JsonNode message =
          http.chat(withSystem("detailed thinking on", "Explain tides, take " + i))
              .path("choices")
              .get(0)
              .path("message");
      String content = message.path("content").asText();
      if (message.has("reasoning_content")) {
        field++;
        assertThat(message.path("reasoning_content").asText()).startsWith("[simulated] ");
        assertThat(content).startsWith("[simulated] ").doesNotContain("<think>");
      } else {
        block++;
        assertThat(content)
            .startsWith("<think>\n[simulated] ")
            .contains("\n</think>\n\n[simulated] ");
      }
    }
    assertThat(field).isPositive();
    assertThat(block).isPositive();
  }

  @Test
  void theSameRequestThinksTheSameWay() throws Exception {
    ObjectNode body = withSystem("detailed thinking on", "Why is the sky blue?");

    assertThat(http.chat(body).path("choices")).isEqualTo(http.chat(body).path("choices"));
  }

  @Test
  void thinkingOffOrUnaskedHasNoReasoning() throws Exception {
    for (ObjectNode body :
        new ObjectNode[] {
          withSystem("detailed thinking off", "Explain tides"),
          SimHttp.chatBody("m", "Explain tides")
        }) {
      JsonNode message = http.chat(body).path("choices").get(0).path("message");
      assertThat(message.has("reasoning_content")).isFalse();
      assertThat(message.path("content").asText()).startsWith("[simulated] ");
    }
  }

  @Test
  void enableThinkingInTheTemplateKwargsAsksForReasoningToo() throws Exception {
    boolean any = false;
    for (int i = 0; i < 4; i++) {
      ObjectNode body = SimHttp.chatBody("m", "Explain tides, take " + i);
      body.putObject("chat_template_kwargs").put("enable_thinking", true);
      JsonNode message = http.chat(body).path("choices").get(0).path("message");
      any |=
          message.has("reasoning_content")
              || message.path("content").asText().startsWith("<think>");
    }
    assertThat(any).isTrue();
  }
}
