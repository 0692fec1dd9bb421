package io.sparksdg.model.http;

import static io.sparksdg.model.http.HttpChatClientTest.failure;
import static io.sparksdg.model.http.TestEndpoints.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparksdg.config.ConfigException;
import io.sparksdg.config.EndpointConfig;
import io.sparksdg.config.EndpointKind;
import io.sparksdg.config.PriceConfig;
import io.sparksdg.model.ErrorClass;
import io.sparksdg.model.Message;
import io.sparksdg.model.ModelCallException;
import io.sparksdg.model.RewardScores;
import io.sparksdg.model.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpRewardClientTest {

  private static final List<Message> CONVERSATION =
      List.of(Message.user("What is 2+2?"), Message.assistant("4"));

  private MockWebServer server;
  private EndpointConfig config;

  @BeforeEach
  void startServer() throws Exception {
    HttpModelClients.resetForTests();
    server = new MockWebServer();
    server.start();
    config =
        TestEndpoints.config(
            server, EndpointKind.NEMOTRON_REWARD, null, 2, Duration.ofSeconds(2), 3);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void scoresTheReferenceReplyOverHttp() throws Exception {
    server.enqueue(
        TestEndpoints.ok(TestEndpoints.resource("/reference/nemotron-reward-reply.json")));

    RewardScores scores =
        HttpModelClients.reward("reward", config).score(CONVERSATION).get(5, TimeUnit.SECONDS);

    assertThat(scores.get(RewardScores.HELPFULNESS)).isEqualTo(4.09375);
    assertThat(scores.get(RewardScores.CORRECTNESS)).isEqualTo(4.03125);
    assertThat(scores.get(RewardScores.COHERENCE)).isEqualTo(4.25);
    assertThat(scores.get(RewardScores.COMPLEXITY)).isEqualTo(0.5703125);
    assertThat(scores.get(RewardScores.VERBOSITY)).isEqualTo(1.109375);
    assertThat(scores.model()).isEqualTo(MODEL);
    assertThat(scores.raw()).startsWith("helpfulness:4.09375,");
    assertThat(scores.stats().attempts()).isEqualTo(1);
    JsonNode sent = TestEndpoints.body(server.takeRequest());
    assertThat(sent.get("model").asText()).isEqualTo(MODEL);
    assertThat(sent.get("messages").toString())
        .isEqualTo(
            "[{\"role\":\"user\",\"content\":\"What is"
                + " 2+2?\"},{\"role\":\"assistant\",\"content\":\"4\"}]");
    EndpointCounters counters = HttpModelClients.counters().get("reward");
    assertThat(counters.promptTokens()).isEqualTo(54);
    assertThat(counters.completionTokens()).isEqualTo(1);
    // the scores carry the reply's usage, as the counters do, for the row's tokens and cost
    assertThat(scores.usage()).isEqualTo(new Usage(54, 1));
  }

  @Test
  void theClientsOfAnEndpointTellItsPrice() {
    PriceConfig price = new PriceConfig(1.5, 2.0);
    EndpointConfig priced = config.toBuilder().price(price).build();
    assertThat(HttpModelClients.reward("reward", priced).price()).isEqualTo(price);
    assertThat(HttpModelClients.reward("reward", config).price()).isEqualTo(PriceConfig.FREE);
    EndpointConfig chat = priced.toBuilder().kind(EndpointKind.CHAT).build();
    assertThat(HttpModelClients.chat("chat", chat).price()).isEqualTo(price);
  }

  @Test
  void retriesAReplyWithoutScores() throws Exception {
    server.enqueue(
        TestEndpoints.ok(
            "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"\"}}]}"));
    server.enqueue(TestEndpoints.ok("{\"choices\":[{\"message\":{\"content\":\"reward:0.25\"}}]}"));

    RewardScores scores =
        HttpModelClients.reward("reward", config).score(CONVERSATION).get(5, TimeUnit.SECONDS);

    assertThat(scores.attributes()).isEqualTo(Map.of(RewardScores.REWARD, 0.25));
    assertThat(scores.stats().attempts()).isEqualTo(2);
    assertThat(HttpModelClients.counters().get("reward").retriesByClass())
        .isEqualTo(Map.of("malformed_response", 1L));
  }

  @Test
  void failsAsMalformedWhenNoReplyEverHasScores() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(
          TestEndpoints.ok("{\"choices\":[{\"message\":{\"content\":\"great answer\"}}]}"));
    }

    ModelCallException e = failure(HttpModelClients.reward("reward", config).score(CONVERSATION));

    assertThat(e.errorClass()).isEqualTo(ErrorClass.MALFORMED_RESPONSE);
    assertThat(e.httpStatus()).isEqualTo(200);
    assertThat(e.attempts()).isEqualTo(3);
    assertThat(e.getMessage())
        .isEqualTo(
            "Endpoint 'reward' failed after 3 attempts: malformed reply: the reward reply's content"
                + " is not a list of name:number scores; check that kind 'nemotron-reward' matches"
                + " what the server speaks");
  }

  @Test
  void refusesAConversationThatDoesNotEndWithTheAssistant() {
    ModelCallException e =
        failure(HttpModelClients.reward("reward", config).score(List.of(Message.user("Hi"))));

    assertThat(e.errorClass()).isEqualTo(ErrorClass.INVALID_INPUT);
    assertThat(e.getMessage())
        .isEqualTo(
            "Endpoint 'reward': a conversation to score must end with the assistant turn, not with"
                + " 'user'");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void refusesToScoreWithAChatEndpoint() {
    EndpointConfig chat = TestEndpoints.chat(server);

    assertThatThrownBy(() -> HttpModelClients.reward("judge", chat))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Endpoint 'judge' has kind chat but is used as a reward model; set its kind to"
                + " nemotron-reward");
  }
}
