package io.sparksdg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private static final String MINIMAL =
      """
      endpoints:
        generator: {base-url: "http://localhost:8000/v1", model: m}
        reward: {base-url: embedded, model: r, kind: nemotron-reward}
      """;

  private final ConfigLoader loader = new ConfigLoader();

  private SdgConfig parse(String yaml, String... overrides) {
    return loader.parse(yaml, "test.yaml", List.of(overrides));
  }

  @Test
  void loadsTheShippedLocalConfig() {
    SdgConfig config = loader.load(Path.of("conf/local.yaml"), List.of());
    assertThat(config.endpoints()).containsOnlyKeys("generator", "reward");
    assertThat(config.endpoint("generator", "x").embedded()).isTrue();
    assertThat(config.endpoint("reward", "x").kind()).isEqualTo(EndpointKind.NEMOTRON_REWARD);
    assertThat(config.endpoint("generator", "x").timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.responses().perPrompt()).isEqualTo(2);
    assertThat(config.run().errorBudget()).isEqualTo(0.05);
  }

  @Test
  void theReportIsOnUnlessTurnedOffAndSurvivesAnotherOutputRoot() {
    SdgConfig defaults = loader.load(Path.of("conf/local.yaml"), List.of());
    SdgConfig off = loader.load(Path.of("conf/local.yaml"), List.of("output.report=false"));

    assertThat(defaults.output().report()).isTrue();
    assertThat(off.output().report()).isFalse();
    assertThat(off.withOutputRoot("/tmp/elsewhere").output())
        .isEqualTo(new OutputConfig("/tmp/elsewhere", false));
  }

  @Test
  void appliesDefaults() {
    SdgConfig config = parse(MINIMAL);
    EndpointConfig generator = config.endpoint("generator", "x");
    assertThat(generator.kind()).isEqualTo(EndpointKind.CHAT);
    assertThat(generator.maxConcurrency()).isEqualTo(16);
    assertThat(generator.chatCompletionsUrl())
        .isEqualTo("http://localhost:8000/v1/chat/completions");
    assertThat(config.responses().perPrompt()).isEqualTo(2);
    assertThat(config.scores().weights()).containsEntry("correctness", 0.74);
  }

  @Test
  void readsStructuredOutputAndTheNewFamilyKeys() {
    SdgConfig config =
        loader.load(
            Path.of("conf/families.yaml"),
            List.of(
                "endpoints.generator.structured-output=false",
                "prompts.families.python.classify-keywords=true",
                "prompts.families.instruction-following.second-turn.per-topic=3"));
    assertThat(config.endpoint("generator", "x").connection().structuredOutput()).isFalse();
    assertThat(config.endpoint("reward", "x").connection().structuredOutput()).isTrue();
    assertThat(
            config
                .endpoint("generator", "x")
                .shareAcross(2)
                .withBaseUrl("http://h:1")
                .connection()
                .structuredOutput())
        .isFalse();
    FamiliesConfig families = config.prompts().families();
    assertThat(families.math().classifyKeywords()).isTrue();
    assertThat(families.python().classifyKeywords()).isTrue();
    assertThat(families.instructionFollowing().multiTurn().enabled()).isTrue();
    assertThat(families.instructionFollowing().secondTurn().perTopic()).isEqualTo(3);
    assertThat(FamiliesConfig.DEFAULT.math().classifyKeywords()).isFalse();
    assertThat(FamiliesConfig.DEFAULT.instructionFollowing().multiTurn().enabled()).isFalse();
  }

  @Test
  void overridesAnyKeyWithTypedValues() {
    SdgConfig config =
        parse(
            MINIMAL,
            "endpoints.generator.base-url=http://10.0.0.5:9000",
            "responses.per-prompt=4",
            "run.error-budget=0.2",
            "endpoints.generator.timeout=500ms");
    assertThat(config.endpoint("generator", "x").chatCompletionsUrl())
        .isEqualTo("http://10.0.0.5:9000/v1/chat/completions");
    assertThat(config.responses().perPrompt()).isEqualTo(4);
    assertThat(config.run().errorBudget()).isEqualTo(0.2);
    assertThat(config.endpoint("generator", "x").timeout()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void unknownKeySuggestsTheNearestKnownOne() {
    assertThatThrownBy(() -> parse(MINIMAL + "responses: {per-promt: 3}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unknown config key 'responses.per-promt'")
        .hasMessageContaining("did you mean 'per-prompt'?");
    assertThatThrownBy(() -> parse(MINIMAL, "endpoints.generator.max-concurency=3"))
        .hasMessageContaining("did you mean 'max-concurrency'?");
  }

  @Test
  void yamlSyntaxErrorNamesTheLine() {
    assertThatThrownBy(() -> parse("endpoints:\n  generator: {base-url: x\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not valid YAML at line");
  }

  @Test
  void negativeConcurrencyIsRejected() {
    assertThatThrownBy(() -> parse(MINIMAL, "endpoints.generator.max-concurrency=-3"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("endpoints.generator")
        .hasMessageContaining("max-concurrency must be positive, got -3");
  }

  @Test
  void malformedUrlIsRejected() {
    assertThatThrownBy(() -> parse(MINIMAL, "endpoints.generator.base-url=localhost:8000"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must be an http(s) URL");
    assertThatThrownBy(() -> parse(MINIMAL, "endpoints.generator.base-url=http://exa mple"))
        .hasMessageContaining("is not a URL");
  }

  @Test
  void nonNumericCountIsRejected() {
    assertThatThrownBy(() -> parse(MINIMAL, "responses.per-prompt=many"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'responses.per-prompt' expects a whole number, got 'many'");
  }

  @Test
  void badDurationIsRejected() {
    assertThatThrownBy(() -> parse(MINIMAL, "endpoints.generator.timeout=soon"))
        .hasMessageContaining("'endpoints.generator.timeout' expects a duration");
  }

  @Test
  void missingImportFileIsRejected() {
    assertThatThrownBy(() -> parse(MINIMAL, "prompts.import=/no/such/prompts.jsonl"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'prompts.import' names '/no/such/prompts.jsonl'");
  }

  @Test
  void existingImportFileIsAccepted(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("p.jsonl"), "{\"id\":\"1\",\"prompt\":\"hi\"}\n");
    assertThat(parse(MINIMAL, "prompts.import=" + file).prompts().imported()).isTrue();
  }

  @Test
  void undefinedEndpointReferenceIsRejected() {
    assertThatThrownBy(() -> parse(MINIMAL, "responses.generator=big"))
        .hasMessageContaining("'responses.generator' names endpoint 'big', which is not defined");
  }

  @Test
  void judgeMustSpeakTheRewardFormat() {
    assertThatThrownBy(() -> parse(MINIMAL, "scores.judge=generator"))
        .hasMessageContaining("set endpoints.generator.kind=nemotron-reward");
  }

  @Test
  void unknownEndpointKindListsTheKnownOnes() {
    assertThatThrownBy(() -> parse(MINIMAL, "endpoints.reward.kind=magic"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("chat, nemotron-reward");
  }

  @Test
  void missingFileSaysSo() {
    assertThatThrownBy(() -> loader.load(Path.of("nope.yaml"), List.of()))
        .hasMessageContaining("Config file 'nope.yaml' does not exist");
  }

  @Test
  void malformedOverrideIsRejected() {
    assertThatThrownBy(() -> parse(MINIMAL, "responses.per-prompt"))
        .hasMessageContaining("is not of the form dotted.key=value");
  }
}
