package io.sparksdg.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code conf/quota.yaml}, the demo of recipe.md's "Exactly N accepted rows", loads as shown. */
class QuotaConfigFileTest {

  @Test
  void theDemoAsksForExactly200SftRows() {
    SdgConfig config = new ConfigLoader().load(Path.of("conf/quota.yaml"), List.of());
    TargetConfig target = config.target();
    assertThat(target.accepted()).isEqualTo(200);
    assertThat(target.on()).isEqualTo("sft");
    assertThat(target.expectedRate()).isEqualTo(0.3);
    assertThat(target.maxAttempts()).isEqualTo(1500);
    assertThat(target.pilot()).isEqualTo(334);
    assertThat(config.filter().minReward()).isEqualTo(4.8);
  }
}
