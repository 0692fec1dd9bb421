package io.sparksdg.prompts.instructions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LengthTest {

  @Test
  void wordsAreRunsOfWordCharacters() {
    var lessThan = new Length.NumberWords(3, Relation.LESS_THAN);
    var atLeast = new Length.NumberWords(3, Relation.AT_LEAST);

    assertThat(atLeast.verify("one two three").passed()).isTrue();
    assertThat(lessThan.verify("one two three"))
        .isEqualTo(Verdict.fail("found 3 words, expected fewer than 3"));
    // "don't" is two words, as \w+ counts them
    assertThat(lessThan.verify("don't").passed()).isTrue();
    assertThat(Text.countWords("don't stop, café_1")).isEqualTo(4);
  }

  @Test
  void sentencesFollowPunktOnAbbreviationsNumbersAndEllipses() {
    assertThat(Sentences.count("Mr. Smith met Dr. Jones. They talked.")).isEqualTo(2);
    assertThat(Sentences.count("It rose 1.5 meters. Then it fell!")).isEqualTo(2);
    assertThat(Sentences.count("Really?! Yes. Okay")).isEqualTo(3);
    assertThat(Sentences.count("One.Two.Three.")).isEqualTo(1);
    assertThat(Sentences.count("It costs 5. then more.")).isEqualTo(1);
    assertThat(Sentences.count("Wait... Then it ended. He left... The end.")).isEqualTo(3);
    assertThat(Sentences.count("hello. world")).isEqualTo(2);
  }

  @Test
  void sentenceCountComparesWithTheRelation() {
    var instruction = new Length.NumberSentences(3, Relation.AT_LEAST);

    assertThat(instruction.verify("Sun rose. Birds sang. We woke.").passed()).isTrue();
    assertThat(instruction.verify("One sentence only."))
        .isEqualTo(Verdict.fail("found 1 sentence, expected at least 3"));
  }

  @Test
  void paragraphsAreSplitByDividersAndEmptyInnerOnesFail() {
    var instruction = new Length.NumberParagraphs(2);

    assertThat(instruction.verify("***\nFirst\n***\nSecond\n***").passed()).isTrue();
    assertThat(instruction.verify("A\n***\nB\n***\nC"))
        .isEqualTo(Verdict.fail("found 3 paragraphs, expected exactly 2"));
    assertThat(instruction.verify("A\n***\n***\nB"))
        .isEqualTo(Verdict.fail("paragraph 2 between two *** dividers is empty"));
  }

  @Test
  void nthParagraphMustStartWithTheWordIgnoringQuotesAndCase() {
    var instruction = new Length.NthParagraphFirstWord(2, 2, "River");

    assertThat(instruction.verify("Intro.\n\n\"River,\" it said.").passed()).isTrue();
    assertThat(instruction.verify("Intro.\n\nThe river."))
        .isEqualTo(Verdict.fail("paragraph 2 starts with \"the\", expected \"river\""));
    assertThat(instruction.verify("Only one paragraph."))
        .isEqualTo(Verdict.fail("paragraph 2 is missing or empty (found 1 paragraph)"));
  }

  @Test
  void nthParagraphOutsideTheCountIsRejected() {
    assertThatThrownBy(() -> new Length.NthParagraphFirstWord(2, 3, "river"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nth_paragraph <= num_paragraphs, got 3 and 2");
  }
}
