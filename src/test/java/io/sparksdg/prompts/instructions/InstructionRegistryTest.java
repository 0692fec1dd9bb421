package io.sparksdg.prompts.instructions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InstructionRegistryTest {

  @Test
  void offersAtLeastTwentyIfEvalIds() {
    assertThat(InstructionRegistry.ids())
        .hasSizeGreaterThanOrEqualTo(20)
        .doesNotHaveDuplicates()
        .contains(
            "length_constraints:number_words",
            "detectable_format:title",
            "punctuation:no_comma",
            "combination:repeat_prompt",
            "language:response_language");
  }

  @Test
  void everyIdBuildsARandomInstructionOfThatId() {
    Random rnd = new Random(7);
    for (String id : InstructionRegistry.ids()) {
      VerifiableInstruction instruction = InstructionRegistry.random(id, rnd);
      assertThat(instruction.id()).isEqualTo(id);
      assertThat(instruction.phrase()).isNotBlank();
    }
  }

  @Test
  void randomIsDeterministicPerSeed() {
    List<VerifiableInstruction> first = InstructionRegistry.randomSet(new Random(42), 4);
    List<VerifiableInstruction> second = InstructionRegistry.randomSet(new Random(42), 4);

    assertThat(first).hasSize(4).isEqualTo(second);
    assertThat(InstructionRegistry.random("keywords:frequency", new Random(1)))
        .isEqualTo(InstructionRegistry.random("keywords:frequency", new Random(1)));
  }

  @Test
  void randomSetsNeverHoldConflictingPairs() {
    Random rnd = new Random(3);
    for (int i = 0; i < 500; i++) {
      List<VerifiableInstruction> set = InstructionRegistry.randomSet(rnd, 1 + rnd.nextInt(5));
      for (VerifiableInstruction a : set) {
        for (VerifiableInstruction b : set) {
          if (a != b) {
            assertThat(InstructionRegistry.conflicts(a.id(), b.id()))
                .as("%s with %s", a.id(), b.id())
                .isFalse();
          }
        }
      }
    }
    assertThat(
            InstructionRegistry.conflicts(
                "change_case:english_capital", "change_case:english_lowercase"))
        .isTrue();
    assertThat(InstructionRegistry.conflicts("detectable_format:json_format", "keywords:existence"))
        .isFalse();
    assertThat(
            InstructionRegistry.conflicts("detectable_format:json_format", "punctuation:no_comma"))
        .isTrue();
  }

  @Test
  void createsFromIfEvalKwargsAndRejectsBadOnes() {
    VerifiableInstruction words =
        InstructionRegistry.create(
            "length_constraints:number_words", Map.of("num_words", 100, "relation", "less than"));

    assertThat(words).isEqualTo(new Length.NumberWords(100, Relation.LESS_THAN));
    assertThatThrownBy(() -> InstructionRegistry.create("no:such", Map.of()))
        .hasMessageContaining("Unknown instruction id 'no:such'");
    assertThatThrownBy(
            () ->
                InstructionRegistry.create(
                    "length_constraints:number_words", Map.of("num_words", 10, "relation", "~")))
        .hasMessageContaining("parameter 'relation' to be 'less than' or 'at least', got: ~");
    assertThatThrownBy(() -> InstructionRegistry.create("punctuation:no_comma", Map.of("typo", 1)))
        .hasMessageContaining("has no parameter 'typo'");
  }

  @Test
  void rendersPhrasesAndVerifiesAllInstructions() {
    List<VerifiableInstruction> set =
        List.of(new Punctuation.NoComma(), new Length.NumberWords(5, Relation.LESS_THAN));

    assertThat(InstructionRegistry.render(set))
        .isEqualTo(
            "Do not use a single comma anywhere in your response. "
                + "Keep your answer under 5 words.");
    assertThat(InstructionRegistry.verifyAll(set, "Short and sweet").passed()).isTrue();
    assertThat(InstructionRegistry.verifyAll(set, "One, two, three, four, five"))
        .isEqualTo(
            Verdict.fail(
                "punctuation:no_comma: found 4 commas; "
                    + "length_constraints:number_words: found 5 words, expected fewer than 5"));
  }

  @Test
  void jsonRoundTripRebuildsEqualInstructions() {
    Random rnd = new Random(11);
    for (String id : InstructionRegistry.ids()) {
      VerifiableInstruction instruction = InstructionRegistry.random(id, rnd);
      assertThat(InstructionRegistry.fromJson(InstructionRegistry.toJson(instruction)))
          .isEqualTo(instruction);
    }
    List<VerifiableInstruction> set = InstructionRegistry.randomSet(rnd, 3);
    assertThat(InstructionRegistry.listFromJson(InstructionRegistry.toJson(set))).isEqualTo(set);
  }

  @Test
  void jsonUsesIdAndIfEvalParameterNames() {
    assertThat(InstructionRegistry.toJson(new Keywords.LetterFrequency("q", 3, Relation.AT_LEAST)))
        .isEqualTo(
            "{\"id\":\"keywords:letter_frequency\",\"params\":"
                + "{\"letter\":\"q\",\"let_frequency\":3,\"let_relation\":\"at least\"}}");
    assertThatThrownBy(() -> InstructionRegistry.fromJson("{\"params\":{}}"))
        .hasMessageContaining("has no 'id'");
  }
}
