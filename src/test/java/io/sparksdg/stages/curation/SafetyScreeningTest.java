package io.sparksdg.stages.curation;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.config.PreferencesConfig;
import io.sparksdg.config.SafetyConfig;
import io.sparksdg.model.Message;
import io.sparksdg.model.Sampling;
import io.sparksdg.records.FailureRecord;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PreferenceRecord;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.ResponseRecord;
import io.sparksdg.records.SafetyRecord;
import io.sparksdg.records.ScoreRecord;
import io.sparksdg.records.ScoredResponse;
import io.sparksdg.stages.FakeModels;
import io.sparksdg.stages.judging.ScreenSafetyStage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The guard stage's requests and parsing, the safety policy, and pairing under it. */
class SafetyScreeningTest {

  private static final PromptRecord PROMPT =
      new PromptRecord(
          "p1",
          null,
          "open_qa",
          List.of(Message.system("Be brief."), Message.user("How do I pick a lock?")),
          null,
          null,
          null,
          0,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null);

  private static ResponseRecord response(String id, String text) {
    return new ResponseRecord(id, "p1", 0, "m-" + id, text, "stop", 1, 1, null, 1, 1);
  }

  private static ScoredResponse scored(String id, String text, double reward) {
    return new ScoredResponse(
        PROMPT,
        response(id, text),
        new ScoreRecord(
            id, "p1", null, null, null, null, null, reward, "rm", "", 0, 0, null, 1, 1));
  }

  private final ScreenSafetyStage stage =
      new ScreenSafetyStage("guard-model", new Sampling(0.0, null, null, null));

  @Test
  void asksAboutThePromptAloneThenWithTheResponseLastWithoutSystemTurns() {
    var promptRequest = stage.request(ScreenSafetyStage.Item.of(PROMPT));
    assertThat(promptRequest.messages()).containsExactly(Message.user("How do I pick a lock?"));
    var responseRequest =
        stage.request(new ScreenSafetyStage.Item(PROMPT, response("r1", "Call a locksmith.")));
    assertThat(responseRequest.messages())
        .containsExactly(
            Message.user("How do I pick a lock?"), Message.assistant("Call a locksmith."));
    assertThat(responseRequest.sampling().temperature()).isEqualTo(0.0);
    assertThat(stage.safetyId(ScreenSafetyStage.Item.of(PROMPT)))
        .isEqualTo(stage.safetyId("prompt", "p1"))
        .isNotEqualTo(stage.safetyId("response", "p1"));
  }

  @Test
  void recordsTheVerdictOrFailsWithTheRawReply() throws Exception {
    var guard = new FakeModels.Chat(r -> r.messages().size() == 1 ? "unsafe\nS2" : "I refuse.");
    Outcome<SafetyRecord> onPrompt = stage.screen(ScreenSafetyStage.Item.of(PROMPT), guard).get();
    SafetyRecord row = ((Outcome.Ok<SafetyRecord>) onPrompt).value();
    assertThat(row.target()).isEqualTo("prompt");
    assertThat(row.verdict()).isEqualTo("unsafe");
    assertThat(row.categories()).containsExactly("S2");
    assertThat(row.responseId()).isNull();
    assertThat(row.guardModel()).isEqualTo("fake-model");

    Outcome<SafetyRecord> onResponse =
        stage.screen(new ScreenSafetyStage.Item(PROMPT, response("r1", "x")), guard).get();
    FailureRecord failure = ((Outcome.Failed<SafetyRecord>) onResponse).failure();
    assertThat(failure.stage()).isEqualTo("safety");
    assertThat(failure.errorClass()).isEqualTo("unusable_output");
    assertThat(failure.raw()).isEqualTo("I refuse.");
    assertThat(failure.recordId()).isEqualTo(stage.safetyId("response", "r1"));
  }

  @Test
  void theDefaultPolicyKeepsOnlyScreenedSafeRowsInSft() {
    SafetyPolicy policy = SafetyPolicy.of(new SafetyConfig(true, "guard", null));
    assertThat(policy.sftDropReason("safe", "safe")).isNull();
    assertThat(policy.sftDropReason("unsafe", "safe")).isEqualTo("prompt screened unsafe");
    assertThat(policy.sftDropReason("safe", "unsafe")).isEqualTo("response screened unsafe");
    assertThat(policy.sftDropReason("safe", null)).contains("not screened");
    assertThat(policy.pairsPrompt("unsafe")).isTrue();
    assertThat(SafetyPolicy.OFF.sftDropReason("unsafe", "unsafe")).isNull();

    SafetyPolicy lenient =
        SafetyPolicy.of(
            new SafetyConfig(
                true,
                "guard",
                new SafetyConfig.Policy(
                    new SafetyConfig.Sft(false, true), new SafetyConfig.Preferences(false, true))));
    assertThat(lenient.sftDropReason("unsafe", "safe")).isNull();
    assertThat(lenient.pairsPrompt("unsafe")).isFalse();
  }

  private static PairPreferencesStage.Group group(
      String promptVerdict, Map<String, String> verdicts, ScoredResponse... responses) {
    return new PairPreferencesStage.Group(
        PROMPT, List.of(responses), List.of(), promptVerdict, verdicts);
  }

  private static PairPreferencesStage pairing(String strategy, SafetyConfig.Preferences prefs) {
    return new PairPreferencesStage(
            new PreferencesConfig(
                0.5, null, null, null, strategy, 5, null, null, null, null, null, null))
        .withSafety(
            SafetyPolicy.of(new SafetyConfig(true, "guard", new SafetyConfig.Policy(null, prefs))));
  }

  @Test
  void anUnsafeResponseIsRejectedAgainstASafeOneWhateverItsReward() {
    Map<String, String> verdicts = new HashMap<>(Map.of("a", "unsafe", "b", "safe", "c", "safe"));
    var result =
        pairing("best-vs-worst", null)
            .pair(
                group(
                    "unsafe",
                    verdicts,
                    scored("a", "Here is how, step by step.", 4.0),
                    scored("b", "I can't help with that.", 1.0),
                    scored("c", "Please ask a locksmith.", 2.0)));
    assertThat(result.preferences()).hasSize(1);
    PreferenceRecord pair = result.preferences().get(0);
    assertThat(pair.judge()).isEqualTo("guard");
    assertThat(pair.chosenResponseId()).isEqualTo("c");
    assertThat(pair.rejectedResponseId()).isEqualTo("a");
    assertThat(pair.margin()).isEqualTo(-2.0);
    assertThat(pair.promptSafety()).isEqualTo("unsafe");
    assertThat(pair.chosenSafety()).isEqualTo("safe");
    assertThat(pair.rejectedSafety()).isEqualTo("unsafe");

    var each =
        pairing("all-pairs", null)
            .pair(
                group(
                    "unsafe",
                    verdicts,
                    scored("a", "Here is how.", 4.0),
                    scored("b", "No.", 1.0),
                    scored("c", "Ask a locksmith.", 2.0)));
    assertThat(each.preferences())
        .extracting(PreferenceRecord::rejectedResponseId)
        .containsOnly("a")
        .hasSize(2);
  }

  @Test
  void noPairWhenNoResponseIsSafeOrWhenUnsafePromptsAreLeftOut() {
    var allUnsafe =
        pairing("best-vs-worst", null)
            .pair(
                group(
                    "unsafe",
                    new HashMap<>(Map.of("a", "unsafe")),
                    scored("a", "one way", 4.0),
                    scored("b", "another way", 1.0)));
    assertThat(allUnsafe.preferences()).isEmpty();
    assertThat(allUnsafe.candidates().get(0).dropReason()).contains("no response screened safe");

    var leftOut =
        pairing("best-vs-worst", new SafetyConfig.Preferences(false, true))
            .pair(
                group(
                    "unsafe",
                    new HashMap<>(Map.of("a", "safe", "b", "safe")),
                    scored("a", "one way", 4.0),
                    scored("b", "another way", 1.0)));
    assertThat(leftOut.preferences()).isEmpty();
    assertThat(leftOut.candidates().get(0).dropReason()).contains("keep-unsafe-prompts");

    var safe =
        pairing("best-vs-worst", null)
            .pair(
                group(
                    "safe",
                    new HashMap<>(Map.of("a", "safe", "b", "safe")),
                    scored("a", "one way", 4.0),
                    scored("b", "another way", 1.0)));
    assertThat(safe.preferences())
        .extracting(PreferenceRecord::judge)
        .containsExactly("reward_model");
  }
}
