package io.sparksdg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReasoningConfigTest {

  @Test
  void noModeByDefault() {
    ResponsesConfig c = ResponsesConfig.DEFAULT;

    assertThat(c.reasoningModes()).isFalse();
    assertThat(c.modesFor("math")).isEqualTo(Arrays.asList((String) null));
    assertThat(c.reasoningPrompt("on")).isEqualTo("detailed thinking on");
    assertThat(c.reasoningPrompt("off")).isEqualTo("detailed thinking off");
  }

  @Test
  void familiesOverrideTheRunWideMode() {
    ResponsesConfig c =
        new ResponsesConfig(
            null,
            null,
            null,
            "off",
            Map.of("math", "both", "open_qa", "on"),
            Map.of("on", "think hard"));

    assertThat(c.modesFor("math")).containsExactly("on", "off");
    assertThat(c.modesFor("open_qa")).containsExactly("on");
    assertThat(c.modesFor("writing")).containsExactly("off");
    assertThat(c.reasoningPrompt("on")).isEqualTo("think hard");
    assertThat(c.reasoningPrompt("off")).isEqualTo("detailed thinking off");
  }

  private static final String MINIMAL =
      """
      endpoints:
        generator: {base-url: "http://localhost:8000/v1", model: m}
        reward: {base-url: embedded, model: r, kind: nemotron-reward}
      """;

  @Test
  void readsTheKeysFromYaml() {
    SdgConfig config =
        new ConfigLoader()
            .parse(
                MINIMAL
                    + "responses:\n"
                    + "  reasoning: on\n"
                    + "  reasoning-by-family: {math: both}\n"
                    + "  reasoning-prompts: {off: no thinking}\n",
                "test.yaml",
                List.of());

    assertThat(config.responses().modesFor("math")).containsExactly("on", "off");
    assertThat(config.responses().modesFor("open_qa")).containsExactly("on");
    assertThat(config.responses().reasoningPrompt("off")).isEqualTo("no thinking");
  }

  @Test
  void aBadModeInYamlFailsBeforeWork() {
    assertThatThrownBy(
            () ->
                new ConfigLoader()
                    .parse(MINIMAL, "test.yaml", List.of("responses.reasoning=sometimes")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("responses.reasoning must be one of off, on, both; got 'sometimes'");
  }

  @Test
  void aBadModeFailsWithOneClearLine() {
    assertThatThrownBy(() -> new ResponsesConfig(null, null, null, "maybe", null, null))
        .isInstanceOf(ConfigException.class)
        .hasMessage("responses.reasoning must be one of off, on, both; got 'maybe'");
    assertThatThrownBy(
            () -> new ResponsesConfig(null, null, null, null, Map.of("math", "ON"), null))
        .isInstanceOf(ConfigException.class)
        .hasMessage("responses.reasoning-by-family.math must be one of off, on, both; got 'ON'");
    assertThatThrownBy(
            () -> new ResponsesConfig(null, null, null, null, Map.of("maths", "on"), null))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("responses.reasoning-by-family: 'maths' is not a prompt family");
    assertThatThrownBy(() -> new ResponsesConfig(null, null, null, null, null, Map.of("both", "x")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("responses.reasoning-prompts: 'both' is not a mode; set on and off");
  }
}
