package io.sparksdg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.config.ConfigLoader;
import io.sparksdg.config.EndpointConfig;
import io.sparksdg.config.PriceConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreflightTest {

  private static EndpointConfig generator() {
    return new ConfigLoader()
        .parse(
            """
            endpoints:
              generator:
                base-url: "http://10.1.2.3:8000/v1"
                model: m
                api-key-env: SOME_KEY
                timeout: 60s
                max-concurrency: 8
                max-attempts: 4
                requests-per-minute: 100
                tokens-per-minute: 5000
                temperature: 0.5
                structured-output: false
                price: {input-per-mtok: 0.5, output-per-mtok: 1.5}
                expected-output-tokens: 40
              reward: {base-url: embedded, model: r, kind: nemotron-reward}
            """,
            "t",
            List.of())
        .endpoint("generator", "x");
  }

  @Test
  void probesWithOneShortAttemptAtFixedConcurrency() {
    EndpointConfig once = Preflight.oneAttempt(generator());

    assertThat(once.retry().maxAttempts()).isEqualTo(1);
    assertThat(once.maxConcurrency()).isEqualTo(1);
    assertThat(once.limits().minConcurrency()).isEqualTo(1);
    assertThat(once.limits().adaptive()).isFalse();
    assertThat(once.timeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(once.limits().requestsPerMinute()).isNull();
    assertThat(once.limits().tokensPerMinute()).isNull();
  }

  @Test
  void probesWithTheEndpointsWireFormatPriceAndExpectedOutput() {
    EndpointConfig once = Preflight.oneAttempt(generator());

    assertThat(once.connection().structuredOutput()).isFalse();
    assertThat(once.price()).isEqualTo(new PriceConfig(0.5, 1.5));
    assertThat(once.expectedOutputTokens()).isEqualTo(40);
    assertThat(once.baseUrl()).isEqualTo("http://10.1.2.3:8000/v1");
    assertThat(once.apiKeyEnv()).isEqualTo("SOME_KEY");
    assertThat(once.temperature()).isEqualTo(0.5);
  }
}
