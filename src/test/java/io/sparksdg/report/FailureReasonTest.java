package io.sparksdg.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureReasonTest {

  @Test
  void masksNumbersIdsAndQuotedValuesSoOneCauseCountsOnce() {
    String a =
        "Endpoint 'generator' failed after 3 attempts: HTTP 503 (server said: overloaded) for"
            + " record 9f3a1c2b7d";
    String b =
        "Endpoint 'reward' failed after 6 attempts: HTTP 500 (server said: overloaded) for"
            + " record 0be412aa93";
    assertThat(FailureReason.normalize(a))
        .isEqualTo(
            "Endpoint '…' failed after <n> attempts: HTTP <n> (server said: overloaded) for record"
                + " <id>")
        .isEqualTo(FailureReason.normalize(b));
  }

  @Test
  void keepsVersionedPathsAndWordsWithDigits() {
    assertThat(FailureReason.normalize("returned 404 for POST /v1/chat/completions"))
        .isEqualTo("returned <n> for POST /v1/chat/completions");
    assertThat(FailureReason.normalize("list of 4 items,   expected 5"))
        .isEqualTo("list of <n> items, expected <n>");
  }

  @Test
  void anApostropheInAWordDoesNotStartAQuote() {
    assertThat(
            FailureReason.normalize(
                "check max-tokens against the model's context (server said: 'bad prompt 7')"))
        .isEqualTo("check max-tokens against the model's context (server said: '…')");
  }

  @Test
  void cutsLongMessagesAndReadsNullAsEmpty() {
    String cut = FailureReason.normalize("x".repeat(500));
    assertThat(cut).hasSize(FailureReason.MAX_MESSAGE).endsWith("…");
    assertThat(FailureReason.normalize(null)).isEmpty();
  }
}
