package io.sparksdg.spark.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.config.ConfigLoader;
import io.sparksdg.config.SdgConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configs that set no reasoning keep the fingerprints they had before those keys existed. */
class FingerprintTest {

  /** The responses record as it was before the reasoning keys, which the fingerprint printed. */
  private record ResponsesConfig(
      String generator, Integer perPrompt, Map<String, Double> generators) {}

  /** Likewise the scores record before {@code include-reasoning}. */
  private record ScoresConfig(String judge, Map<String, Double> weights) {}

  @Test
  void withoutReasoningTheKeysPrintAsBefore() {
    SdgConfig config = new ConfigLoader().load(Path.of("conf/local.yaml"), List.of());

    assertThat(Fingerprint.responses(config.responses()))
        .isEqualTo(
            new ResponsesConfig(
                    config.responses().generator(),
                    config.responses().perPrompt(),
                    config.responses().generators())
                .toString());
    assertThat(Fingerprint.scores(config.scores()))
        .isEqualTo(new ScoresConfig(config.scores().judge(), config.scores().weights()).toString());
  }

  @Test
  void aReasoningModeOrIncludingReasoningChangesTheFingerprint() {
    SdgConfig plain = new ConfigLoader().load(Path.of("conf/local.yaml"), List.of());
    SdgConfig both =
        new ConfigLoader().load(Path.of("conf/local.yaml"), List.of("responses.reasoning=both"));
    SdgConfig scored =
        new ConfigLoader()
            .load(Path.of("conf/local.yaml"), List.of("scores.include-reasoning=true"));

    assertThat(Fingerprint.of(both)).isNotEqualTo(Fingerprint.of(plain));
    assertThat(Fingerprint.of(scored)).isNotEqualTo(Fingerprint.of(plain));
    assertThat(Fingerprint.of(new ConfigLoader().load(Path.of("conf/local.yaml"), List.of())))
        .isEqualTo(Fingerprint.of(plain));
  }
}
