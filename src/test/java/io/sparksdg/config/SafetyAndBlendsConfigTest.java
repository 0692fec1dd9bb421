package io.sparksdg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafetyAndBlendsConfigTest {

  private static SdgConfig load(String... overrides) {
    return new ConfigLoader().load(Path.of("conf/safety.yaml"), List.of(overrides));
  }

  @Test
  void theExampleEnablesScreeningAndTwoBlendsWithTheDefaultPolicy() {
    SdgConfig c = load();
    assertThat(c.safety().enabled()).isTrue();
    assertThat(c.endpoint(c.safety().guard(), "safety.guard").kind()).isEqualTo(EndpointKind.GUARD);
    assertThat(c.safety().policy().sft().dropUnsafePrompts()).isTrue();
    assertThat(c.safety().policy().sft().dropUnsafeResponses()).isTrue();
    assertThat(c.safety().policy().preferences().keepUnsafePrompts()).isTrue();
    assertThat(c.safety().policy().preferences().unsafeResponseRejected()).isTrue();
    assertThat(c.sft().blends()).containsOnlyKeys("sft_code", "sft_general");
    assertThat(c.sft().blends().get("sft_code").families()).containsExactly("python");
    assertThat(c.sft().blends().get("sft_general").caps()).containsEntry("python", 0.02);
    // Off unless asked for.
    assertThat(SafetyConfig.DEFAULT.enabled()).isFalse();
    assertThat(SftConfig.DEFAULT.blends()).isEmpty();
  }

  @Test
  void namedMistakesEndInOneLine() {
    assertThatThrownBy(() -> load("endpoints.guard.kind=chat"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("safety.guard")
        .hasMessageContaining("kind=guard");
    assertThatThrownBy(() -> load("safety.guard=nowhere"))
        .hasMessageContaining("'nowhere', which is not defined");
    assertThatThrownBy(() -> load("safety.policy.sft.drop-unsafe=true"))
        .hasMessageContaining("Unknown config key 'safety.policy.sft.drop-unsafe'")
        .hasMessageContaining("drop-unsafe-prompts");
    assertThatThrownBy(() -> load("sft.blends.sft_general.caps.python=1.5"))
        .hasMessageContaining("share in [0, 1)");
    assertThatThrownBy(() -> load("sft.blends.sft_code.caps.math=0.1"))
        .hasMessageContaining("not in the blend's families");
    assertThatThrownBy(() -> load("sft.blends.preferences.families=[python]"))
        .hasMessageContaining("cannot name a table");
  }
}
