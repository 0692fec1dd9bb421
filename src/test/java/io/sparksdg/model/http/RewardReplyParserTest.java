package io.sparksdg.model.http;

import static io.sparksdg.model.RewardScores.COHERENCE;
import static io.sparksdg.model.RewardScores.COMPLEXITY;
import static io.sparksdg.model.RewardScores.CORRECTNESS;
import static io.sparksdg.model.RewardScores.HELPFULNESS;
import static io.sparksdg.model.RewardScores.VERBOSITY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sparksdg.model.Usage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RewardReplyParserTest {

  private static final String SCORES =
      "helpfulness:4.09375,correctness:4.03125,coherence:4.25,complexity:0.5703125,verbosity:1.109375";

  @Test
  void readsTheReferenceNimReply() throws Exception {
    RewardReplyParser.RewardReply reply =
        RewardReplyParser.parse(TestEndpoints.resource("/reference/nemotron-reward-reply.json"));

    Map<String, Double> a = reply.attributes();
    assertThat(a).containsOnlyKeys(HELPFULNESS, CORRECTNESS, COHERENCE, COMPLEXITY, VERBOSITY);
    assertThat(a.get(HELPFULNESS)).isEqualTo(4.09375);
    assertThat(a.get(CORRECTNESS)).isEqualTo(4.03125);
    assertThat(a.get(COHERENCE)).isEqualTo(4.25);
    assertThat(a.get(COMPLEXITY)).isEqualTo(0.5703125);
    assertThat(a.get(VERBOSITY)).isEqualTo(1.109375);
    double weighted =
        0.3 * a.get(HELPFULNESS)
            + 0.74 * a.get(CORRECTNESS)
            + 0.46 * a.get(COHERENCE)
            + 0.47 * a.get(COMPLEXITY)
            - 0.33 * a.get(VERBOSITY);
    assertThat(weighted).isCloseTo(6.07, within(0.01));
    assertThat(reply.raw()).isEqualTo(SCORES);
    assertThat(reply.model()).isNull();
    assertThat(reply.usage()).isEqualTo(new Usage(54, 1));
  }

  @Test
  void prefersLogprobsOverTheContent() throws Exception {
    String body =
        "{\"choices\":[{\"logprobs\":{\"content\":[{\"token\":\"helpfulness\",\"logprob\":1.5}]},"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"helpfulness:3.0\"}}]}";

    assertThat(RewardReplyParser.parse(body).attributes()).isEqualTo(Map.of(HELPFULNESS, 1.5));
  }

  @Test
  void readsTheContentOfAMessageObjectWhenThereAreNoLogprobs() throws Exception {
    String body =
        "{\"model\":\"nvidia/nemotron-4-340b-reward\",\"choices\":[{\"finish_reason\":\"length\","
            + "\"message\":{\"role\":\"assistant\",\"content\":\" "
            + SCORES
            + "\\n\"}}]}";

    RewardReplyParser.RewardReply reply = RewardReplyParser.parse(body);

    assertThat(reply.attributes())
        .containsExactly(
            Map.entry(HELPFULNESS, 4.09375),
            Map.entry(CORRECTNESS, 4.03125),
            Map.entry(COHERENCE, 4.25),
            Map.entry(COMPLEXITY, 0.5703125),
            Map.entry(VERBOSITY, 1.109375));
    assertThat(reply.model()).isEqualTo("nvidia/nemotron-4-340b-reward");
    assertThat(reply.usage()).isEqualTo(Usage.NONE);
  }

  @Test
  void readsTheOneNumberVariant() throws Exception {
    String body =
        "{\"choices\":[{\"message\":[{\"role\":\"assistant\",\"content\":\"reward:-12.625\"}]}]}";

    assertThat(RewardReplyParser.parse(body).attributes()).isEqualTo(Map.of("reward", -12.625));
  }

  @Test
  void rejectsContentThatIsNotScores() {
    String body =
        "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"I think it is good\"}}]}";

    assertThatThrownBy(() -> RewardReplyParser.parse(body))
        .isInstanceOf(MalformedReplyException.class)
        .hasMessage("the reward reply's content is not a list of name:number scores");
  }

  @Test
  void rejectsNonFiniteScores() {
    String body = "{\"choices\":[{\"message\":{\"content\":\"helpfulness:NaN\"}}]}";

    assertThatThrownBy(() -> RewardReplyParser.parse(body))
        .isInstanceOf(MalformedReplyException.class);
  }

  @Test
  void rejectsAReplyWithoutAnyScore() {
    assertThatThrownBy(
            () -> RewardReplyParser.parse("{\"choices\":[{\"finish_reason\":\"length\"}]}"))
        .isInstanceOf(MalformedReplyException.class)
        .hasMessageContaining("no scores");
    assertThatThrownBy(() -> RewardReplyParser.parse("{\"choices\":[]}"))
        .hasMessage("the reward reply has no choices");
    assertThatThrownBy(() -> RewardReplyParser.parse("<html>502 Bad Gateway</html>"))
        .hasMessageStartingWith("the reply is not JSON (line 1, column ")
        .hasMessageNotContaining("Bad Gateway");
    assertThatThrownBy(() -> RewardReplyParser.parse("[1,2]"))
        .hasMessage("the reply is not a JSON object");
  }
}
