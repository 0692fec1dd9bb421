package io.sparksdg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code target}: checked before any work starts, each mistake in one line with the fix. */
class TargetConfigTest {

  private static final String ENDPOINTS =
      """
      endpoints:
        generator: {base-url: http://127.0.0.1:9, model: g}
        reward: {base-url: http://127.0.0.1:9, model: r, kind: nemotron-reward}
      """;

  private static SdgConfig load(String... overrides) {
    return new ConfigLoader().parse(ENDPOINTS, "test.yaml", List.of(overrides));
  }

  @Test
  void isOffUnlessAcceptedIsSetAndHasDefaultsOtherwise() {
    assertThat(load().target().enabled()).isFalse();
    TargetConfig t = load("target.accepted=200").target();
    assertThat(t.enabled()).isTrue();
    assertThat(t.on()).isEqualTo("sft");
    assertThat(t.onFamily()).isFalse();
    assertThat(t.maxAttempts()).isEqualTo(2000);
    assertThat(t.expectedRate()).isEqualTo(0.5);
    // half of 200 / 0.5, but never fewer than the target
    assertThat(t.pilot()).isEqualTo(200);
    assertThat(load("target.accepted=200", "target.expected-rate=0.1").target().pilot())
        .isEqualTo(1000);
    assertThat(t.expectedAttempts(0.3)).isEqualTo(667);
    TargetConfig family = load("target.accepted=10", "target.on=math").target();
    assertThat(family.onFamily()).isTrue();
  }

  @Test
  void rejectsABadTargetWithTheFix() {
    assertThatThrownBy(() -> load("target.accepted=0"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("target.accepted must be positive, got 0");
    assertThatThrownBy(() -> load("target.accepted=100", "target.max-attempts=50"))
        .hasMessageContaining("target.max-attempts (50) is below target.accepted (100)")
        .hasMessageContaining("raise max-attempts to at least 100");
    assertThatThrownBy(() -> load("target.accepted=100", "target.on=poems"))
        .hasMessageContaining("target.on names 'poems', which is neither sft, preferences nor")
        .hasMessageContaining("open_qa");
    assertThatThrownBy(() -> load("target.accepted=100", "target.expected-rate=0"))
        .hasMessageContaining("target.expected-rate must be a share above 0");
    assertThatThrownBy(() -> load("target.accepted=100", "target.pilot=5000"))
        .hasMessageContaining("target.pilot must be between 1 and target.max-attempts (1000)");
    assertThatThrownBy(() -> load("target.max-attempts=100"))
        .hasMessageContaining("need target.accepted");
    assertThatThrownBy(() -> load("target.acepted=100"))
        .hasMessageContaining("Unknown config key 'target.acepted'")
        .hasMessageContaining("did you mean 'accepted'");
  }

  @Test
  void aPreferenceTargetCountsPromptsAndRowsOfPreferences() {
    TargetConfig t = load("target.accepted=30", "target.on=preferences").target();
    assertThat(t.onPreferences()).isTrue();
    assertThat(t.onFamily()).isFalse();
    assertThat(t.cuts("preferences")).isTrue();
    assertThat(t.cuts("sft")).isFalse();
    assertThat(load("target.accepted=30").target().cuts("sft")).isTrue();
    // 300 prompts at most; the pilot is half of 30 / expected-rate prompts, with no floor of 30
    // (for sft the 0.75 below would give 30: an attempt there makes one row at most)
    assertThat(t.maxAttempts()).isEqualTo(300);
    assertThat(t.pilot()).isEqualTo(30);
    assertThat(
            load("target.accepted=30", "target.on=preferences", "target.expected-rate=0.75")
                .target()
                .pilot())
        .isEqualTo(20);
    // a prompt can make several rows: expected-rate and max-attempts x rows per prompt
    SdgConfig allPairs =
        load(
            "target.accepted=30",
            "target.on=preferences",
            "target.expected-rate=2.5",
            "target.max-attempts=12",
            "responses.per-prompt=4",
            "preferences.strategy=all-pairs");
    assertThat(allPairs.target().pilot()).isEqualTo(6);
  }

  @Test
  void preferenceRowsPerPromptFollowTheStrategyAndTheCap() {
    PreferencesConfig worst = load().preferences();
    assertThat(TargetConfig.preferenceRowsPerPrompt(worst, 4)).isEqualTo(1);
    assertThat(TargetConfig.preferenceRowsPerPrompt(worst, 1)).isZero();
    PreferencesConfig each = load("preferences.strategy=best-vs-each").preferences();
    assertThat(TargetConfig.preferenceRowsPerPrompt(each, 3)).isEqualTo(2);
    // all-pairs of 4 responses: 6, capped by max-pairs-per-prompt (3 by default)
    PreferencesConfig all = load("preferences.strategy=all-pairs").preferences();
    assertThat(TargetConfig.preferenceRowsPerPrompt(all, 4)).isEqualTo(3);
    assertThat(TargetConfig.preferenceRowsPerPrompt(all, 3)).isEqualTo(3);
  }

  @Test
  void rejectsAPreferenceTargetThatCannotWorkWithTheFix() {
    assertThatThrownBy(
            () -> load("target.accepted=30", "target.on=preferences", "responses.per-prompt=1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("responses.per-prompt is 1")
        .hasMessageContaining("set responses.per-prompt to 2 or more");
    // best-vs-worst: one row per prompt, so 20 prompts cannot make 30 rows
    assertThatThrownBy(
            () -> load("target.accepted=30", "target.on=preferences", "target.max-attempts=20"))
        .hasMessageContaining("target.max-attempts (20 prompts) can make at most 20 rows")
        .hasMessageContaining("raise max-attempts to at least 30");
    // all-pairs of 3 responses: 3 rows per prompt, 10 prompts are enough, 9 are not
    assertThat(
            load(
                    "target.accepted=30",
                    "target.on=preferences",
                    "target.max-attempts=10",
                    "responses.per-prompt=3",
                    "preferences.strategy=all-pairs")
                .target()
                .maxAttempts())
        .isEqualTo(10);
    assertThatThrownBy(
            () ->
                load(
                    "target.accepted=30",
                    "target.on=preferences",
                    "target.max-attempts=9",
                    "responses.per-prompt=3",
                    "preferences.strategy=all-pairs"))
        .hasMessageContaining("raise max-attempts to at least 10");
    assertThatThrownBy(
            () -> load("target.accepted=30", "target.on=preferences", "target.expected-rate=1.5"))
        .hasMessageContaining("target.expected-rate (1.5 rows of preferences per prompt)")
        .hasMessageContaining("set it to at most 1");
    // a rate above 1 is a share only for sft and families
    assertThatThrownBy(() -> load("target.accepted=30", "target.expected-rate=1.5"))
        .hasMessageContaining("target.expected-rate must be a share above 0 and at most 1");
  }

  @Test
  void withReasoningBothAnAttemptCanMakeTwoRows() {
    SdgConfig both =
        load("target.accepted=30", "responses.reasoning=both", "target.expected-rate=1.5");
    assertThat(both.target().rowsPerAttempt(both.responses(), both.preferences())).isEqualTo(2);
    assertThatThrownBy(
            () ->
                load("target.accepted=30", "responses.reasoning=both", "target.expected-rate=2.5"))
        .hasMessageContaining("target.expected-rate (2.5 rows of sft per attempt) is above the 2")
        .hasMessageContaining("set it to at most 2");
    // a family target counts that family's modes
    SdgConfig family =
        load("target.accepted=30", "target.on=math", "responses.reasoning-by-family={math: both}");
    assertThat(family.target().rowsPerAttempt(family.responses(), family.preferences()))
        .isEqualTo(2);
    SdgConfig other =
        load(
            "target.accepted=30",
            "target.on=open_qa",
            "responses.reasoning-by-family={math: both}");
    assertThat(other.target().rowsPerAttempt(other.responses(), other.preferences())).isEqualTo(1);
    // on preferences: the pairs of each mode
    SdgConfig pairs =
        load(
            "target.accepted=30",
            "target.on=preferences",
            "responses.reasoning=both",
            "target.expected-rate=1.5");
    assertThat(pairs.target().rowsPerAttempt(pairs.responses(), pairs.preferences())).isEqualTo(2);
  }

  /** {@code conf/quota-preferences.yaml}, recipe.md's "On preferences" example, loads as shown. */
  @Test
  void thePreferenceDemoAsksForExactly50Pairs() {
    SdgConfig config =
        new ConfigLoader().load(java.nio.file.Path.of("conf/quota-preferences.yaml"), List.of());
    TargetConfig target = config.target();
    assertThat(target.accepted()).isEqualTo(50);
    assertThat(target.onPreferences()).isTrue();
    assertThat(target.maxAttempts()).isEqualTo(500);
    assertThat(target.pilot()).isEqualTo(36);
    assertThat(config.responses().perPrompt()).isEqualTo(2);
  }
}
