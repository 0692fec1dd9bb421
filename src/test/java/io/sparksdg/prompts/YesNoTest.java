package io.sparksdg.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class YesNoTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Yes.",
        "yes",
        "YES",
        "**Yes**",
        "  Yes, it is a math keyword.",
        "\"Yes\"",
        "Answer: yes",
        "**Answer:** Yes",
        "- yes",
        "Yes! Fractions are central to arithmetic."
      })
  void readsYes(String reply) {
    assertThat(YesNo.parse(reply)).contains(true);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "No.",
        "no",
        "No, because it is a city, not a concept.",
        "**No**",
        "_No_ - it names a person.",
        "Final answer: NO"
      })
  void readsNo(String reply) {
    assertThat(YesNo.parse(reply)).contains(false);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "Maybe.",
        "It depends on the context.",
        "Yesterday's topic was fractions.",
        "Nobody would call it that.",
        "Not really.",
        "I think yes",
        "Y"
      })
  void leavesAnythingElseUnread(String reply) {
    assertThat(YesNo.parse(reply)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void nullIsUnread() {
    assertThat(YesNo.parse(null)).isEmpty();
  }
}
