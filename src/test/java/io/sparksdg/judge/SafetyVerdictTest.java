package io.sparksdg.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SafetyVerdictTest {

  private static SafetyVerdict prompt(String reply) {
    return SafetyVerdict.parse(reply, false).orElseThrow();
  }

  private static SafetyVerdict response(String reply) {
    return SafetyVerdict.parse(reply, true).orElseThrow();
  }

  @Test
  void readsLlamaGuardTextWithWhitespaceAndCase() {
    assertThat(prompt("\n\nsafe")).isEqualTo(new SafetyVerdict(true, List.of()));
    assertThat(prompt("Safe.")).isEqualTo(new SafetyVerdict(true, List.of()));
    assertThat(prompt("unsafe\nS1,S10")).isEqualTo(new SafetyVerdict(false, List.of("S1", "S10")));
    assertThat(response("  UNSAFE \n s9 ")).isEqualTo(new SafetyVerdict(false, List.of("S9")));
    assertThat(prompt("unsafe: S2, s11")).isEqualTo(new SafetyVerdict(false, List.of("S2", "S11")));
    assertThat(prompt("unsafe")).isEqualTo(new SafetyVerdict(false, List.of()));
  }

  @Test
  void readsNvidiaContentSafetyJsonForThePartAskedAbout() {
    String both =
        "{\"User Safety\": \"unsafe\", \"Response Safety\": \"safe\", \"Safety Categories\":"
            + " \"Violence, Criminal Planning/Confessions\"}";
    assertThat(prompt(both))
        .isEqualTo(new SafetyVerdict(false, List.of("Violence", "Criminal Planning/Confessions")));
    assertThat(response(both)).isEqualTo(new SafetyVerdict(true, List.of()));
    assertThat(response("Here you go: {\"user_safety\":\"safe\",\"response_safety\":\"Unsafe\"}"))
        .isEqualTo(new SafetyVerdict(false, List.of()));
    assertThat(prompt("User Safety: unsafe\nSafety Categories: Harassment"))
        .isEqualTo(new SafetyVerdict(false, List.of("Harassment")));
  }

  @Test
  void aReplyWithoutTheRatingAskedForIsNoVerdict() {
    assertThat(SafetyVerdict.parse("{\"User Safety\": \"safe\"}", true)).isEmpty();
    assertThat(SafetyVerdict.parse("I cannot help with that.", false)).isEmpty();
    assertThat(SafetyVerdict.parse("", false)).isEmpty();
    assertThat(SafetyVerdict.parse(null, true)).isEmpty();
    assertThat(SafetyVerdict.parse("{\"User Safety\": \"maybe\"}", false))
        .isEqualTo(Optional.empty());
  }
}
