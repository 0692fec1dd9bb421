package io.sparksdg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** base-url lists, key lists and api-keys: read, defaulted, validated and shared. */
class EndpointFleetConfigTest {

  private final ConfigLoader loader = new ConfigLoader();

  private EndpointConfig generator(String generatorKeys, String... overrides) {
    String yaml =
        "endpoints:\n"
            + "  generator: {model: m, requests-per-minute: 100, tokens-per-minute: 1000, "
            + generatorKeys
            + "}\n"
            + "  reward: {base-url: embedded, model: r, kind: nemotron-reward}\n";
    return loader.parse(yaml, "test.yaml", List.of(overrides)).endpoint("generator", "x");
  }

  @Test
  void aSingleUrlAndKeyAreAFleetOfOne() {
    EndpointConfig c = generator("base-url: 'http://h:1/', api-key-env: K");

    assertThat(c.replicas()).containsExactly("http://h:1");
    assertThat(c.keys()).containsExactly(new KeySource("K", null, null, null));
    assertThat(c.keys().get(0).requestsPerMinute(c.limits())).isEqualTo(100);
    assertThat(c.baseUrl()).isEqualTo("http://h:1");
  }

  @Test
  void readsListsOfReplicasAndKeys() {
    EndpointConfig c =
        generator(
            "base-url: ['http://a:1/v1', 'http://b:2/v1/'], api-key-file: [/k/a, /k/b]",
            "endpoints.generator.max-concurrency=4");

    assertThat(c.replicas()).containsExactly("http://a:1/v1", "http://b:2/v1");
    assertThat(c.baseUrl()).isEqualTo("http://a:1/v1");
    assertThat(c.apiKeyFile()).isEqualTo("/k/a");
    assertThat(c.keys())
        .extracting(KeySource::label)
        .containsExactly("api-key-file /k/a", "api-key-file /k/b");
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }

  @Test
  void aListCanComeFromSet() {
    EndpointConfig c =
        generator(
            "base-url: 'http://a:1'", "endpoints.generator.base-url=[http://x:1, http://y:2]");

    assertThat(c.replicas()).containsExactly("http://x:1", "http://y:2");
  }

  @Test
  void apiKeysCarryTheirOwnBudgetsAndFallBackToTheEndpoints() {
    EndpointConfig c =
        generator(
            "base-url: 'http://a:1', api-keys: [{env: A, requests-per-minute: 600},"
                + " {file: /k/b, tokens-per-minute: 50}]");

    KeySource a = c.keys().get(0);
    KeySource b = c.keys().get(1);
    assertThat(a.requestsPerMinute(c.limits())).isEqualTo(600);
    assertThat(a.tokensPerMinute(c.limits())).isEqualTo(1000);
    assertThat(b.requestsPerMinute(c.limits())).isEqualTo(100);
    assertThat(b.tokensPerMinute(c.limits())).isEqualTo(50);
    assertThat(c.apiKeyEnv()).isEqualTo("A");

    // an executor's share divides every key's budgets
    EndpointConfig share = c.shareAcross(4);
    assertThat(share.keys().get(0).requestsPerMinute(share.limits())).isEqualTo(150);
    assertThat(share.keys().get(1).requestsPerMinute(share.limits())).isEqualTo(25);
    assertThat(share.keys().get(1).tokensPerMinute(share.limits())).isEqualTo(13);
    assertThat(share.replicas()).isEqualTo(c.replicas());
  }

  @Test
  void rejectsBadFleetsBeforeWorkStarts() {
    assertThatThrownBy(() -> generator("base-url: ['http://a:1', 'http://a:1/']"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("base-url lists the same replica twice");
    assertThatThrownBy(() -> generator("base-url: ['http://a:1', 'ftp://b:2']"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must be an http(s) URL");
    assertThatThrownBy(() -> generator("base-url: [embedded, 'http://a:1']"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot be one of several replicas");
    assertThatThrownBy(() -> generator("base-url: []"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("base-url is required");
    assertThatThrownBy(
            () -> generator("base-url: 'http://a:1', api-keys: [{env: A}], api-key-env: B"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("set api-keys or api-key-env/api-key-file, not both");
    assertThatThrownBy(() -> generator("base-url: 'http://a:1', api-keys: [{env: A, file: /b}]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("each entry of api-keys needs one of env or file");
    assertThatThrownBy(
            () -> generator("base-url: 'http://a:1', api-keys: [{env: A, requests-per-minute: 0}]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("requests-per-minute must be positive");
    assertThatThrownBy(() -> generator("base-url: 'http://a:1', api-keys: [{env: A, rpm: 3}]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rpm");
    assertThatThrownBy(
            () -> generator("base-url: 'http://a:1', api-key-env: [A, B], api-key-file: /c"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("set api-key-env or api-key-file, not both");
  }
}
