package io.sparksdg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptsConfigTest {

  private static final String MINIMAL =
      """
      endpoints:
        generator: {base-url: "http://localhost:8000/v1", model: m}
        reward: {base-url: embedded, model: r, kind: nemotron-reward}
      """;

  private final ConfigLoader loader = new ConfigLoader();

  private PromptsConfig parse(String... overrides) {
    return loader.parse(MINIMAL, "test.yaml", List.of(overrides)).prompts();
  }

  @Test
  void onlyOpenQuestionsRunByDefaultAndDuplicatesAreRemoved() {
    PromptsConfig p = parse();
    assertThat(p.families().openQa().enabled()).isTrue();
    assertThat(p.families().openQa().revise()).isFalse();
    assertThat(p.families().writing().enabled()).isFalse();
    assertThat(p.families().math().levels()).isEqualTo(FamiliesConfig.MATH_LEVELS);
    assertThat(p.families().python().levels()).isEqualTo(FamiliesConfig.PYTHON_LEVELS);
    assertThat(p.subtopicsPerTopic()).isZero();
    assertThat(p.mix()).isEmpty();
    assertThat(p.dedup().enabled()).isTrue();
    assertThat(p.dedup().threshold()).isEqualTo(0.7);
    assertThat(p.templatesDir()).isNull();
  }

  @Test
  void theShippedFamiliesConfigRunsEveryFamily() {
    PromptsConfig p = loader.load(Path.of("conf/families.yaml"), List.of()).prompts();
    FamiliesConfig f = p.families();
    assertThat(
            List.of(
                f.openQa().enabled(),
                f.writing().enabled(),
                f.closedQa().enabled(),
                f.math().enabled(),
                f.python().enabled(),
                f.instructionFollowing().enabled(),
                f.instructionFollowing().multiTurn().enabled(),
                f.instructionFollowing().secondTurn().enabled(),
                f.math().classifyKeywords(),
                f.twoTurn().enabled()))
        .containsOnly(true);
    assertThat(p.templatesDir()).isEqualTo("conf/templates");
    assertThat(f.math().keywords()).containsExactly("fractions", "probability", "Mozart");
    assertThat(f.math().fromTopics()).isFalse();
  }

  @Test
  void familyKeysAreKebabCaseAndOverridable() {
    PromptsConfig p =
        parse(
            "prompts.families.instruction-following.enabled=true",
            "prompts.families.instruction-following.max-instructions=2",
            "prompts.families.closed-qa.enabled=true",
            "prompts.families.closed-qa.documents=data-samples/documents",
            "prompts.mix.open_qa=2",
            "prompts.dedup.threshold=0.9");
    assertThat(p.families().instructionFollowing().maxInstructions()).isEqualTo(2);
    assertThat(p.families().closedQa().documents()).isEqualTo("data-samples/documents");
    assertThat(p.mix()).containsEntry("open_qa", 2.0);
    assertThat(p.dedup().threshold()).isEqualTo(0.9);
  }

  @Test
  void mistakesAreNamed() {
    assertThatThrownBy(() -> parse("prompts.mix.essays=1"))
        .hasMessageContaining("unknown family 'essays'");
    assertThatThrownBy(() -> parse("prompts.families.closed-qa.enabled=true"))
        .hasMessageContaining("closed-qa.documents");
    assertThatThrownBy(() -> parse("prompts.families.instruction-following.max-instructions=4"))
        .hasMessageContaining("max-instructions <= 3");
    assertThatThrownBy(() -> parse("prompts.dedup.hashes=100"))
        .hasMessageContaining("multiple of dedup.bands");
    assertThatThrownBy(() -> parse("prompts.families.writting.enabled=true"))
        .hasMessageContaining("writing");
  }
}
