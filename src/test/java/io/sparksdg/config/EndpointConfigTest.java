package io.sparksdg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EndpointConfigTest {

  /** Every key under endpoints.generator set to a value other than its default. */
  private static final String EVERY_KEY =
      """
      endpoints:
        generator:
          base-url: "http://h:1/v1/"
          model: m
          kind: guard
          api-key-env: KEY
          timeout: 5s
          structured-output: false
          max-concurrency: 9
          min-concurrency: 3
          adaptive: false
          requests-per-minute: 10
          tokens-per-minute: 20
          backpressure: queue
          queue-bound: 5
          metrics-url: "http://h:2/metrics"
          metrics-poll-interval: 100ms
          max-attempts: 2
          initial-backoff: 1ms
          max-backoff: 2ms
          temperature: 0.3
          top-p: 0.9
          max-tokens: 77
          price: {input-per-mtok: 1, output-per-mtok: 2}
          expected-output-tokens: 11
        reward: {base-url: embedded, model: r, kind: nemotron-reward}
      """;

  private final ConfigLoader loader = new ConfigLoader();

  private EndpointConfig generator(String yaml, String... overrides) {
    return loader.parse(yaml, "test.yaml", List.of(overrides)).endpoint("generator", "x");
  }

  @Test
  void readsEveryKeyIntoItsPart() {
    EndpointConfig c = generator(EVERY_KEY);

    assertThat(c.connection())
        .isEqualTo(
            new EndpointConfig.Connection(
                "http://h:1/v1",
                "m",
                EndpointKind.GUARD,
                "KEY",
                null,
                Duration.ofSeconds(5),
                false));
    assertThat(c.limits()).isEqualTo(new EndpointConfig.Limits(9, 3, false, 10, 20));
    assertThat(c.backpressure())
        .isEqualTo(
            new Backpressure(
                BackpressureMode.QUEUE, 5, "http://h:2/metrics", Duration.ofMillis(100)));
    assertThat(c.backpressureMode()).as("adaptive: false wins").isEqualTo(BackpressureMode.NONE);
    assertThat(c.metricsUrl()).isEqualTo("http://h:2/metrics");
    assertThat(c.retry())
        .isEqualTo(new EndpointConfig.Retry(2, Duration.ofMillis(1), Duration.ofMillis(2)));
    assertThat(c.sampling()).isEqualTo(new EndpointConfig.SamplingDefaults(0.3, 0.9, 77));
    assertThat(c.price()).isEqualTo(new PriceConfig(1.0, 2.0));
    assertThat(c.expectedOutputTokens()).isEqualTo(11);
    assertThat(c.baseUrl()).isEqualTo("http://h:1/v1");
    assertThat(c.model()).isEqualTo("m");
    assertThat(c.kind()).isEqualTo(EndpointKind.GUARD);
    assertThat(c.apiKeyEnv()).isEqualTo("KEY");
    assertThat(c.apiKeyFile()).isNull();
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.maxConcurrency()).isEqualTo(9);
    assertThat(c.temperature()).isEqualTo(0.3);
    assertThat(c.topP()).isEqualTo(0.9);
    assertThat(c.maxTokens()).isEqualTo(77);
    assertThat(c.plannedOutputTokens()).isEqualTo(11);
    assertThat(c.chatCompletionsUrl()).isEqualTo("http://h:1/v1/chat/completions");
  }

  @Test
  void unsetKeysTakeTheirDefaults() {
    EndpointConfig c =
        generator(
            """
            endpoints:
              generator: {base-url: "http://h:1", model: m, api-key-file: /k}
              reward: {base-url: embedded, model: r, kind: nemotron-reward}
            """);

    assertThat(c.connection())
        .isEqualTo(
            new EndpointConfig.Connection(
                "http://h:1", "m", EndpointKind.CHAT, null, "/k", Duration.ofSeconds(120), true));
    assertThat(c.limits()).isEqualTo(new EndpointConfig.Limits(16, 1, true, null, null));
    assertThat(c.backpressure())
        .isEqualTo(new Backpressure(BackpressureMode.LATENCY, 8, null, Duration.ofMillis(250)));
    assertThat(c.backpressureMode()).isEqualTo(BackpressureMode.LATENCY);
    assertThat(c.metricsUrl()).isEqualTo("http://h:1/metrics");
    assertThat(c.retry())
        .isEqualTo(new EndpointConfig.Retry(6, Duration.ofMillis(500), Duration.ofSeconds(30)));
    assertThat(c.sampling()).isEqualTo(new EndpointConfig.SamplingDefaults(null, null, null));
    assertThat(c.price()).isEqualTo(PriceConfig.FREE);
    assertThat(c.expectedOutputTokens()).isNull();
    assertThat(c.plannedOutputTokens()).isEqualTo(256);
    assertThat(c.embedded()).isFalse();
  }

  @Test
  void theKeysAreTheFlatOnesAndNoOthers() {
    assertThatThrownBy(() -> generator(EVERY_KEY, "endpoints.generator.limits=3"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unknown config key 'endpoints.generator.limits'")
        .hasMessageEndingWith(
            "(known keys here: adaptive, api-key-env, api-key-file, api-keys, backpressure,"
                + " base-url, batch-completion-window, batch-max-resubmissions,"
                + " batch-poll-interval, expected-output-tokens, initial-backoff, kind,"
                + " max-attempts, max-backoff, max-concurrency, max-tokens,"
                + " metrics-poll-interval, metrics-url, min-concurrency, mode, model, price,"
                + " queue-bound, requests-per-minute, structured-output, temperature, timeout,"
                + " tokens-per-minute, top-p)");
  }

  @Test
  void aBuilderCopyEqualsTheOriginal() {
    EndpointConfig every = generator(EVERY_KEY);
    EndpointConfig minimal = EndpointConfig.builder().baseUrl("http://h:1").model("m").build();

    assertThat(every.toBuilder().build()).isEqualTo(every);
    assertThat(minimal.toBuilder().build()).isEqualTo(minimal);
    assertThat(minimal.withBaseUrl("http://h:1")).isEqualTo(minimal);
  }

  static Stream<Arguments> oneKeyEach() {
    return Stream.of(
        change("base-url=http://other:2", b -> b.baseUrl("http://other:2")),
        change("model=n", b -> b.model("n")),
        change("kind=chat", b -> b.kind(EndpointKind.CHAT)),
        change("api-key-env=OTHER", b -> b.apiKeyEnv("OTHER")),
        change("timeout=7s", b -> b.timeout(Duration.ofSeconds(7))),
        change("structured-output=true", b -> b.structuredOutput(true)),
        change("max-concurrency=12", b -> b.maxConcurrency(12)),
        change("min-concurrency=4", b -> b.minConcurrency(4)),
        change("adaptive=true", b -> b.adaptive(true)),
        change("requests-per-minute=30", b -> b.requestsPerMinute(30)),
        change("tokens-per-minute=40", b -> b.tokensPerMinute(40)),
        change("backpressure=latency", b -> b.backpressure(BackpressureMode.LATENCY)),
        change("queue-bound=6", b -> b.queueBound(6)),
        change("metrics-url=http://h:3/v1/metrics", b -> b.metricsUrl("http://h:3/v1/metrics")),
        change("metrics-poll-interval=1s", b -> b.metricsPollInterval(Duration.ofSeconds(1))),
        change("max-attempts=5", b -> b.maxAttempts(5)),
        change("initial-backoff=2ms", b -> b.initialBackoff(Duration.ofMillis(2))),
        change("max-backoff=9ms", b -> b.maxBackoff(Duration.ofMillis(9))),
        change("temperature=1.1", b -> b.temperature(1.1)),
        change("top-p=0.5", b -> b.topP(0.5)),
        change("max-tokens=88", b -> b.maxTokens(88)),
        change("price.output-per-mtok=3", b -> b.price(new PriceConfig(1.0, 3.0))),
        change("expected-output-tokens=12", b -> b.expectedOutputTokens(12)));
  }

  private static Arguments change(String override, UnaryOperator<EndpointConfigBuilder> edit) {
    return Arguments.of(override, edit);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oneKeyEach")
  void aCopyWithOneValueChangedKeepsEveryOther(
      String override, UnaryOperator<EndpointConfigBuilder> edit) {
    EndpointConfig original = generator(EVERY_KEY);

    EndpointConfig copy = edit.apply(original.toBuilder()).build();

    assertThat(copy).isNotEqualTo(original);
    assertThat(copy).isEqualTo(generator(EVERY_KEY, "endpoints.generator." + override));
  }

  @Test
  void aKeyFileCopiesLikeEveryOtherValue() {
    String[] keyFile = {"endpoints.generator.api-key-env=", "endpoints.generator.api-key-file=/k"};
    EndpointConfig withFile = generator(EVERY_KEY, keyFile);

    assertThat(withFile.apiKeyFile()).isEqualTo("/k");
    assertThat(withFile.toBuilder().build()).isEqualTo(withFile);
    assertThat(withFile.toBuilder().apiKeyFile("/j").build())
        .isEqualTo(generator(EVERY_KEY, keyFile[0], "endpoints.generator.api-key-file=/j"));
  }

  @Test
  void theMetricsUrlDefaultsToTheBaseUrlWithoutV1() {
    String yaml =
        """
        endpoints:
          generator: {base-url: "http://h:1/v1", model: m, backpressure: queue}
          reward: {base-url: embedded, model: r, kind: nemotron-reward}
        """;

    assertThat(generator(yaml).metricsUrl()).isEqualTo("http://h:1/metrics");
    assertThat(generator(yaml, "endpoints.generator.base-url=http://gw/llama/v1").metricsUrl())
        .isEqualTo("http://gw/llama/metrics");
    assertThat(generator(yaml).backpressureMode()).isEqualTo(BackpressureMode.QUEUE);
    assertThat(generator(yaml, "endpoints.generator.backpressure=none").backpressureMode())
        .isEqualTo(BackpressureMode.NONE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBackpressure")
  void badBackpressureSettingsFailWithOneLine(String override, String message) {
    String yaml =
        """
        endpoints:
          generator: {base-url: "http://h:1", model: m}
          reward: {base-url: embedded, model: r, kind: nemotron-reward}
        """;
    assertThatThrownBy(() -> generator(yaml, "endpoints.generator." + override))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message)
        .hasMessageNotContaining("\n");
  }

  static Stream<Arguments> badBackpressure() {
    return Stream.of(
        Arguments.of("backpressure=queues", "use one of latency, queue, none"),
        Arguments.of("queue-bound=0", "queue-bound must be from 1 to 100000, got 0"),
        Arguments.of("metrics-url=h:2/metrics", "metrics-url 'h:2/metrics' must be an http(s) URL"),
        Arguments.of(
            "metrics-poll-interval=10ms", "metrics-poll-interval must be from 50ms to 1m"));
  }

  @Test
  void sharingSplitsOnlyTheBudgets() {
    EndpointConfig original = generator(EVERY_KEY);

    EndpointConfig share = original.shareAcross(2);

    assertThat(share)
        .isEqualTo(
            original.toBuilder()
                .maxConcurrency(5)
                .minConcurrency(3)
                .requestsPerMinute(5)
                .tokensPerMinute(10)
                .build());
  }
}
