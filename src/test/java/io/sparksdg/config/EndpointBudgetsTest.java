package io.sparksdg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointBudgetsTest {

  private final ConfigLoader loader = new ConfigLoader();

  private EndpointConfig generator(String... overrides) {
    String yaml =
        """
        endpoints:
          generator: {base-url: "http://localhost:8000/v1", model: m}
          reward: {base-url: embedded, model: r, kind: nemotron-reward}
        """;
    return loader.parse(yaml, "test.yaml", List.of(overrides)).endpoint("generator", "x");
  }

  @Test
  void adaptiveConcurrencyIsOnByDefaultWithNoPerMinuteBudgets() {
    EndpointConfig config = generator();

    assertThat(config.limits().adaptive()).isTrue();
    assertThat(config.limits().minConcurrency()).isEqualTo(1);
    assertThat(config.limits().requestsPerMinute()).isNull();
    assertThat(config.limits().tokensPerMinute()).isNull();
  }

  @Test
  void readsTheNewKeys() {
    EndpointConfig config =
        generator(
            "endpoints.generator.adaptive=false",
            "endpoints.generator.min-concurrency=4",
            "endpoints.generator.requests-per-minute=500",
            "endpoints.generator.tokens-per-minute=200000");

    assertThat(config.limits().adaptive()).isFalse();
    assertThat(config.limits().minConcurrency()).isEqualTo(4);
    assertThat(config.limits().requestsPerMinute()).isEqualTo(500);
    assertThat(config.limits().tokensPerMinute()).isEqualTo(200_000);
  }

  @Test
  void refusesAMinAboveTheMaxAndEmptyBudgets() {
    assertThatThrownBy(() -> generator("endpoints.generator.min-concurrency=32"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("min-concurrency must be from 1 to max-concurrency (16), got 32");
    assertThatThrownBy(() -> generator("endpoints.generator.requests-per-minute=0"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("requests-per-minute must be positive");
  }

  @Test
  void splitsEveryBudgetAcrossExecutorsRoundingUp() {
    EndpointConfig config =
        generator(
            "endpoints.generator.max-concurrency=10",
            "endpoints.generator.min-concurrency=8",
            "endpoints.generator.requests-per-minute=1000",
            "endpoints.generator.tokens-per-minute=90001");

    EndpointConfig share = config.shareAcross(3);

    assertThat(share.maxConcurrency()).isEqualTo(4);
    assertThat(share.limits().minConcurrency()).isEqualTo(4);
    assertThat(share.limits().requestsPerMinute()).isEqualTo(334);
    assertThat(share.limits().tokensPerMinute()).isEqualTo(30_001);
    assertThat(share.limits().adaptive()).isTrue();
    assertThat(config.shareAcross(1)).isEqualTo(config);
    assertThat(generator().shareAcross(64).maxConcurrency()).isEqualTo(1);
  }
}
