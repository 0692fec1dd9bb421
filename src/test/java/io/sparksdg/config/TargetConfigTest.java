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
        .hasMessageContaining("target.on names 'poems'")
        .hasMessageContaining("open_qa");
    assertThatThrownBy(() -> load("target.accepted=100", "target.on=preferences"))
        .hasMessageContaining("target.on: preferences is not supported yet");
    assertThatThrownBy(() -> load("target.accepted=100", "target.expected-rate=0"))
        .hasMessageContaining("target.expected-rate must be a share above 0");
    assertThatThrownBy(() -> load("target.accepted=100", "target.pilot=5000"))
        .hasMessageContaining("target.pilot must be between 1 and target.max-attempts (1000)");
    assertThatThrownBy(() -> load("target.max-attempts=100"))
        .hasMessageContaining("need target.accepted");
    assertThatThrownBy(() -> load("target.acepted=100"))
        .hasMessageContaining("Unknown config key 'target.acepted'")
        .hasMessageContaining("did you mean 'accepted'");
    assertThatThrownBy(() -> load("target.accepted=100", "responses.reasoning=both"))
        .hasMessageContaining("target.accepted does not work with responses.reasoning");
  }
}
