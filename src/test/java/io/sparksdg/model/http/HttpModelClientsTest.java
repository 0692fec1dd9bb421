package io.sparksdg.model.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparksdg.config.ConfigException;
import io.sparksdg.config.EndpointConfig;
import io.sparksdg.config.EndpointKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpModelClientsTest {

  private static final String UNSET_VARIABLE = "SPARK_SDG_TEST_KEY_THAT_IS_NEVER_SET";

  @BeforeEach
  void reset() {
    HttpModelClients.resetForTests();
  }

  @Test
  void readsTheKeyFromAFileTrimmed(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("key"), "\n  nvapi-abc.DEF_123  \n");

    assertThat(HttpModelClients.resolveApiKey("reward", withKeyFile(file.toString())))
        .isEqualTo("nvapi-abc.DEF_123");
  }

  @Test
  void readsTheKeyFromAnEnvironmentVariable() {
    // the test cannot set a variable, so it borrows one that the environment already has
    Map.Entry<String, String> variable =
        System.getenv().entrySet().stream()
            .filter(
                e ->
                    !e.getValue().isBlank()
                        && e.getValue().trim().chars().allMatch(c -> c > 0x20 && c < 0x7f))
            .findFirst()
            .orElseThrow();

    assertThat(HttpModelClients.resolveApiKey("reward", withKeyEnv(variable.getKey())))
        .isEqualTo(variable.getValue().trim());
  }

  @Test
  void hasNoKeyWhenNoneIsConfigured() {
    assertThat(HttpModelClients.resolveApiKey("local", config(null, null))).isNull();
  }

  @Test
  void explainsAMissingEnvironmentVariable() {
    assertThatThrownBy(() -> HttpModelClients.resolveApiKey("reward", withKeyEnv(UNSET_VARIABLE)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Endpoint 'reward': environment variable "
                + UNSET_VARIABLE
                + " is not set; export it or remove api-key-env");
  }

  @Test
  void makingAClientFailsWhenItsKeyIsMissing() {
    assertThatThrownBy(() -> HttpModelClients.chat("generator", withKeyEnv(UNSET_VARIABLE)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("environment variable " + UNSET_VARIABLE + " is not set");
  }

  @Test
  void explainsAMissingOrEmptyKeyFile(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("nope");
    Path empty = Files.writeString(dir.resolve("empty"), " \n");
    Path spaced = Files.writeString(dir.resolve("spaced"), "secret part two");

    assertThatThrownBy(
            () -> HttpModelClients.resolveApiKey("reward", withKeyFile(missing.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Endpoint 'reward': API key file "
                + missing
                + " does not exist; create it or remove api-key-file");
    assertThatThrownBy(
            () -> HttpModelClients.resolveApiKey("reward", withKeyFile(empty.toString())))
        .hasMessage(
            "Endpoint 'reward': API key file " + empty + " is empty; write the key into it");
    assertThatThrownBy(
            () -> HttpModelClients.resolveApiKey("reward", withKeyFile(spaced.toString())))
        .hasMessageContaining("holds whitespace or non-ASCII characters")
        .hasMessageNotContaining("secret");
  }

  @Test
  void sharesOneClientPerNameAndConfig() {
    EndpointConfig config = config(null, null);

    assertThat(HttpModelClients.chat("generator", config))
        .isSameAs(HttpModelClients.chat("generator", config));
    assertThat(HttpModelClients.endpoint("generator", config))
        .isSameAs(HttpModelClients.endpoint("generator", config(null, null)));
    assertThat(HttpModelClients.endpoint("generator", config))
        .isNotSameAs(
            HttpModelClients.endpoint("generator", config.toBuilder().maxConcurrency(2).build()))
        .isNotSameAs(HttpModelClients.endpoint("other", config));
    assertThat(HttpModelClients.counters()).containsOnlyKeys("generator", "other");
    assertThat(HttpModelClients.counters().get("generator"))
        .isEqualTo(new EndpointCounters(0, 0, 0, 0, Map.of(), Map.of(), 0, 0, 0, 0, 2));
    assertThat(HttpModelClients.latencyPercentileMillis("generator", 0.99)).isNaN();
  }

  @Test
  void refusesAnUnresolvedEmbeddedEndpoint() {
    EndpointConfig embedded =
        EndpointConfig.builder().baseUrl(EndpointConfig.EMBEDDED).model("m").build();

    assertThatThrownBy(() -> HttpModelClients.chat("generator", embedded))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Endpoint 'generator' still has base-url embedded");
  }

  private static EndpointConfig withKeyEnv(String variable) {
    return config(variable, null);
  }

  private static EndpointConfig withKeyFile(String file) {
    return config(null, file);
  }

  private static EndpointConfig config(String keyEnv, String keyFile) {
    return EndpointConfig.builder()
        .baseUrl("http://127.0.0.1:9")
        .model("m")
        .kind(EndpointKind.NEMOTRON_REWARD)
        .apiKeyEnv(keyEnv)
        .apiKeyFile(keyFile)
        .build();
  }
}
