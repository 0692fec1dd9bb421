package io.sparksdg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code endpoints.<name>.mode}, the batch settings and {@code price.batch-discount}. */
class EndpointBatchModeTest {

  private static final String YAML =
      """
      endpoints:
        generator:
          base-url: http://127.0.0.1:9
          model: g
          price: {input-per-mtok: 0.5, output-per-mtok: 1.5}
        reward:
          base-url: http://127.0.0.1:9
          model: r
          kind: nemotron-reward
      """;

  private static EndpointConfig generator(String... overrides) {
    return new ConfigLoader()
        .parse(YAML, "test.yaml", List.of(overrides))
        .endpoints()
        .get("generator");
  }

  @Test
  void endpointsAreOnlineByDefaultAndPayTheirPrice() {
    EndpointConfig e = generator();
    assertThat(e.batchMode()).isFalse();
    assertThat(e.callPrice()).isEqualTo(e.price());
    assertThat(e.batch().completionWindow()).isEqualTo(Duration.ofHours(24));
    assertThat(e.batch().pollInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(e.batch().maxResubmissions()).isEqualTo(2);
  }

  @Test
  void batchModeReadsItsSettingsAndPaysTheDiscountedPrice() {
    EndpointConfig e =
        generator(
            "endpoints.generator.mode=batch",
            "endpoints.generator.batch-completion-window=48h",
            "endpoints.generator.batch-poll-interval=5s",
            "endpoints.generator.batch-max-resubmissions=1",
            "endpoints.generator.price.batch-discount=0.4");
    assertThat(e.batchMode()).isTrue();
    assertThat(e.batch().windowKey()).isEqualTo("48h");
    assertThat(e.batch().pollInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(e.batch().maxResubmissions()).isEqualTo(1);
    assertThat(e.callPrice().inputPerMtok()).isCloseTo(0.3, within(1e-12));
    assertThat(e.callPrice().outputPerMtok()).isCloseTo(0.9, within(1e-12));
    assertThat(e.toBuilder().build()).isEqualTo(e);
    assertThat(generator("endpoints.generator.mode=batch").callPrice().cost(1_000_000, 0))
        .isCloseTo(0.25, within(1e-12));
  }

  @Test
  void badBatchSettingsAreConfigErrorsNamingTheKey() {
    assertThatThrownBy(() -> generator("endpoints.generator.mode=later"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("online or batch");
    assertThatThrownBy(() -> generator("endpoints.generator.batch-completion-window=90m"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("batch-completion-window must be whole hours");
    assertThatThrownBy(() -> generator("endpoints.generator.batch-max-resubmissions=-1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("batch-max-resubmissions");
    assertThatThrownBy(() -> generator("endpoints.generator.price.batch-discount=1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("price.batch-discount");
    assertThatThrownBy(
            () ->
                new ConfigLoader().parse(YAML, "test.yaml", List.of("endpoints.reward.mode=batch")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mode: batch needs a chat endpoint");
  }

  @Test
  void stepsThatCannotBeBatchedAreRefusedBeforeWorkStarts() {
    String two =
        YAML
            + """
              other: {base-url: "http://127.0.0.1:9", model: o, mode: batch}
            responses: {generators: {generator: 1.0, other: 1.0}}
            """;
    assertThatThrownBy(() -> new ConfigLoader().parse(two, "test.yaml", List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'responses.generators' names endpoints in batch and in online mode");
    new ConfigLoader()
        .parse(two, "test.yaml", List.of("endpoints.generator.mode=batch"))
        .endpoints()
        .values()
        .forEach(
            e -> assertThat(e.batchMode() || e.kind() == EndpointKind.NEMOTRON_REWARD).isTrue());
    assertThatThrownBy(
            () ->
                new ConfigLoader()
                    .parse(
                        YAML + "dialogues: {per-prompt: 1}\n",
                        "test.yaml",
                        List.of("endpoints.generator.mode=batch")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Dialogues take turns");
  }
}
