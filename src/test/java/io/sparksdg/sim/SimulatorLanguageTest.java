package io.sparksdg.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparksdg.prompts.instructions.Language;
import io.sparksdg.prompts.instructions.VerifiableInstruction;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatorLanguageTest {

  /** The simulator's languages by ISO code, as IFEval names them. */
  private static final Map<String, String> CODES =
      Map.ofEntries(
          Map.entry("es", "Spanish"),
          Map.entry("fr", "French"),
          Map.entry("de", "German"),
          Map.entry("it", "Italian"),
          Map.entry("pt", "Portuguese"),
          Map.entry("ru", "Russian"),
          Map.entry("fi", "Finnish"),
          Map.entry("ja", "Japanese"),
          Map.entry("ko", "Korean"),
          Map.entry("hi", "Hindi"),
          Map.entry("ar", "Arabic"),
          Map.entry("th", "Thai"),
          Map.entry("vi", "Vietnamese"),
          Map.entry("sw", "Swahili"));

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
  void answersInTheLanguageTheInstructionAsksFor() throws Exception {
    assertThat(Languages.names()).hasSize(CODES.size());
    for (Map.Entry<String, String> language : CODES.entrySet()) {
      VerifiableInstruction instruction = new Language.ResponseLanguage(language.getKey());
      for (int topic = 0; topic < 4; topic++) {
        String prompt = "Write a note about topic " + topic + ". " + instruction.phrase();
        String answer = content(SimHttp.chatBody("m", prompt));
        assertThat(answer).startsWith("[simulated] ");
        assertThat(instruction.verify(answer).passed())
            .as("%s answer %s", language.getValue(), answer)
            .isTrue();
      }
    }
  }

  @Test
  void keepsTheLanguageOfTheFirstTurnInAMultiTurnPrompt() throws Exception {
    VerifiableInstruction german = new Language.ResponseLanguage("de");
    ObjectNode body = SimHttp.chatBody("m", "Explain tides. " + german.phrase());
    ArrayNode messages = (ArrayNode) body.path("messages");
    messages.addObject().put("role", "assistant").put("content", "Ebbe und Flut ...");
    messages.addObject().put("role", "user").put("content", "And what about the moon?");

    assertThat(german.verify(content(body)).passed()).isTrue();
  }

  @Test
  void answersInEnglishWhenNoLanguageIsAsked() throws Exception {
    String answer = content(SimHttp.chatBody("m", "Explain tides"));

    assertThat(new Language.ResponseLanguage("en").verify(answer).passed()).isTrue();
  }

  private static String content(ObjectNode body) throws Exception {
    return http.chat(body).path("choices").get(0).path("message").path("content").asText();
  }
}
