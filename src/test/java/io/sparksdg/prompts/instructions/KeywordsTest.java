package io.sparksdg.prompts.instructions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordsTest {

  @Test
  void existenceFindsEveryKeywordInAnyCaseEvenInsideWords() {
    var instruction = new Keywords.Existence(List.of("river", "garden"));

    assertThat(instruction.verify("The RIVERBANK and the Garden.")).isEqualTo(Verdict.pass());
    assertThat(instruction.verify("Only the river."))
        .isEqualTo(Verdict.fail("missing keyword(s) \"garden\""));
  }

  @Test
  void frequencyCountsCaseInsensitiveOccurrencesAgainstTheRelation() {
    var atLeast = new Keywords.Frequency("cat", 2, Relation.AT_LEAST);
    var lessThan = new Keywords.Frequency("cat", 2, Relation.LESS_THAN);
    String twice = "A cat and a CAT.";

    assertThat(atLeast.verify(twice).passed()).isTrue();
    assertThat(lessThan.verify(twice))
        .isEqualTo(Verdict.fail("found \"cat\" 2 times, expected fewer than 2"));
    assertThat(lessThan.verify("One cat.").passed()).isTrue();
  }

  @Test
  void forbiddenWordsMatchOnlyWholeWords() {
    var instruction = new Keywords.ForbiddenWords(List.of("river"));

    assertThat(instruction.verify("Rivers and subriver are fine.").passed()).isTrue();
    assertThat(instruction.verify("The River's edge."))
        .isEqualTo(Verdict.fail("uses forbidden word(s) \"river\""));
  }

  @Test
  void letterFrequencyCountsBothCases() {
    var instruction = new Keywords.LetterFrequency("Q", 3, Relation.AT_LEAST);

    assertThat(instruction.letter()).isEqualTo("q");
    assertThat(instruction.verify("Qq q").passed()).isTrue();
    assertThat(instruction.verify("quiet"))
        .isEqualTo(Verdict.fail("found the letter \"q\" 1 time, expected at least 3"));
  }

  @Test
  void phrasesNameTheParameters() {
    assertThat(new Keywords.Frequency("river", 3, Relation.LESS_THAN).phrase())
        .isEqualTo("Use the word \"river\" fewer than 3 times in your response.");
    assertThat(new Keywords.ForbiddenWords(List.of("a", "b")).phrase())
        .isEqualTo("Do not use any of these words: \"a\", \"b\".");
  }
}
