package io.sparksdg.prompts.instructions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormatTest {

  @Test
  void bulletsCountStarAndDashLines() {
    var instruction = new Format.NumberBulletLists(3);

    assertThat(instruction.verify("* one\n- two\n  * three").passed()).isTrue();
    assertThat(instruction.verify("* one\n** bold line\n- two"))
        .isEqualTo(Verdict.fail("found 2 bullet points, expected exactly 3"));
  }

  @Test
  void constrainedResponseNeedsOneOfTheThreeReplies() {
    var instruction = new Format.ConstrainedResponse();

    assertThat(instruction.verify("Hmm. My answer is maybe.").passed()).isTrue();
    assertThat(instruction.verify("My answer is Yes").passed()).isFalse();
  }

  @Test
  void highlightsCountSingleAndDoubleStarsButNotEmptyOnes() {
    var instruction = new Format.NumberHighlightedSections(2);

    assertThat(instruction.verify("*one* and **two**").passed()).isTrue();
    assertThat(instruction.verify("*one* and ** ** and **"))
        .isEqualTo(Verdict.fail("found 1 highlighted section, expected at least 2"));
  }

  @Test
  void sectionsAreCountedByMarkerAndNumber() {
    var instruction = new Format.MultipleSections("SECTION", 2);

    assertThat(instruction.verify("SECTION 1\nA\nSECTION 2\nB").passed()).isTrue();
    assertThat(instruction.verify("Section 1\nA\nSection 2\nB"))
        .isEqualTo(Verdict.fail("found 0 sections marked \"SECTION n\", expected at least 2"));
  }

  @Test
  void jsonMayBeFencedButMustParseWhole() {
    var instruction = new Format.JsonFormat();

    assertThat(instruction.verify("```json\n{\"a\": [1, 2]}\n```").passed()).isTrue();
    assertThat(instruction.verify("[NaN, Infinity]").passed()).isTrue();
    assertThat(instruction.verify("{\"a\": 1} trailing").passed()).isFalse();
    assertThat(((Verdict.Fail) instruction.verify("{'a': 1}")).reason())
        .startsWith("not valid JSON");
  }

  @Test
  void titleNeedsNonBlankTextInDoubleAngleBrackets() {
    var instruction = new Format.Title();

    assertThat(instruction.verify("<<Poem of Joy>>\nText").passed()).isTrue();
    assertThat(instruction.verify("<< >> and <<\n>>"))
        .isEqualTo(Verdict.fail("no non-empty title in double angle brackets, like <<title>>"));
  }
}
