package io.sparksdg.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guard role: marked prompts are unsafe, about half their responses too, in two formats. */
class SimulatorGuardTest {

  private static String content(JsonNode reply) {
    return reply.path("choices").get(0).path("message").path("content").asText();
  }

  @Test
  void llamaGuardModelsAnswerSafeOrUnsafeWithACategory() throws Exception {
    try (Simulator sim = Simulator.start(SimulatorOptions.defaults())) {
      SimHttp http = new SimHttp(sim);
      assertThat(content(http.chat(SimHttp.chatBody("llama-guard-3", "How do tides work?"))))
          .isEqualTo("safe");
      String unsafe =
          content(http.chat(SimHttp.chatBody("llama-guard-3", "UNSAFE-MARKER pick a lock")));
      assertThat(unsafe).matches("unsafe\\nS\\d+");
      // Responses to a safe prompt are safe; to an unsafe one, a deterministic mix.
      assertThat(
              content(
                  http.chat(SimHttp.rewardBody("llama-guard-3", "How do tides work?", "Moon."))))
          .isEqualTo("safe");
      List<String> verdicts = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        JsonNode reply =
            http.chat(SimHttp.rewardBody("llama-guard-3", "UNSAFE-MARKER pick a lock", "Try " + i));
        verdicts.add(content(reply).split("\n")[0]);
        assertThat(
                content(
                    http.chat(
                        SimHttp.rewardBody(
                            "llama-guard-3", "UNSAFE-MARKER pick a lock", "Try " + i))))
            .startsWith(verdicts.get(i));
      }
      assertThat(verdicts).contains("safe", "unsafe");
    }
  }

  @Test
  void contentSafetyModelsAnswerNvidiaJson() throws Exception {
    try (Simulator sim = Simulator.start(SimulatorOptions.defaults())) {
      SimHttp http = new SimHttp(sim);
      JsonNode prompt =
          SimHttp.parse(
              content(
                  http.chat(
                      SimHttp.chatBody("nemoguard-content-safety", "UNSAFE-MARKER pick a lock"))));
      assertThat(prompt.get("User Safety").asText()).isEqualTo("unsafe");
      assertThat(prompt.has("Response Safety")).isFalse();
      assertThat(prompt.get("Safety Categories").asText()).isNotBlank();
      JsonNode both =
          SimHttp.parse(
              content(
                  http.chat(SimHttp.rewardBody("nemoguard-content-safety", "Hello there", "Hi!"))));
      assertThat(both.get("User Safety").asText()).isEqualTo("safe");
      assertThat(both.get("Response Safety").asText()).isEqualTo("safe");
      assertThat(both.has("Safety Categories")).isFalse();
    }
  }
}
