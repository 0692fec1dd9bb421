package io.sparksdg.stages.curation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.sparksdg.config.PreferencesConfig;
import io.sparksdg.config.ResponsesConfig;
import io.sparksdg.config.ScoresConfig;
import io.sparksdg.judge.RewardWeights;
import io.sparksdg.model.Message;
import io.sparksdg.model.RewardClient;
import io.sparksdg.records.PairCandidateRecord;
import io.sparksdg.records.PreferenceRecord;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.ResponseRecord;
import io.sparksdg.records.ScoreRecord;
import io.sparksdg.records.ScoredResponse;
import io.sparksdg.records.SftRecord;
import io.sparksdg.stages.FakeModels;
import io.sparksdg.stages.judging.ScoreResponsesStage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Responses pair within their reasoning mode, and the exports carry the reasoning. */
class ReasoningPairsTest {

  private static final PromptRecord PROMPT =
      PromptRecord.userTurn("p1", null, "math", "What is 2+2?", null, null);

  private static ScoredResponse scored(String id, String mode, String reasoning, double reward) {
    ResponseRecord r =
        new ResponseRecord(
            id, "p1", 0, "gen", "Answer " + id, "stop", 1, 1, null, 1, 1, reasoning, mode);
    ScoreRecord s =
        new ScoreRecord(id, "p1", null, null, null, null, null, reward, "rm", "", 0, 0, null, 1, 1);
    return new ScoredResponse(PROMPT, r, s);
  }

  private static PairPreferencesStage stage() {
    return new PairPreferencesStage(
        new PreferencesConfig(
            0.5, null, null, null, "best-vs-worst", 5, null, null, null, null, null, null));
  }

  @Test
  void aResponseWithReasoningNeverMeetsOneWithout() {
    // rewards so that best-vs-worst across modes would pair on-1 with off-2
    List<ScoredResponse> responses =
        List.of(
            scored("on-1", "on", "think a", 4.0),
            scored("on-2", "on", "think b", 2.0),
            scored("off-1", "off", null, 3.0),
            scored("off-2", "off", null, 0.5));

    PairPreferencesStage.Pairing pairing =
        stage().pair(new PairPreferencesStage.Group(PROMPT, responses, List.of()));

    assertThat(pairing.preferences())
        .extracting(PreferenceRecord::chosenResponseId, PreferenceRecord::rejectedResponseId)
        .containsExactlyInAnyOrder(tuple("off-1", "off-2"), tuple("on-1", "on-2"));
    PreferenceRecord on =
        pairing.preferences().stream()
            .filter(p -> "on".equals(p.reasoningMode()))
            .findFirst()
            .get();
    assertThat(on.chosenReasoning()).isEqualTo("think a");
    assertThat(on.rejectedReasoning()).isEqualTo("think b");
  }

  @Test
  void aModeWithoutAPairIsACandidateOfItsOwn() {
    PairPreferencesStage.Pairing pairing =
        stage()
            .pair(
                new PairPreferencesStage.Group(
                    PROMPT,
                    List.of(
                        scored("on-1", "on", "x", 4.0),
                        scored("off-1", "off", null, 3.0),
                        scored("off-2", "off", null, 0.5)),
                    List.of()));

    assertThat(pairing.preferences()).hasSize(1);
    assertThat(pairing.candidates())
        .filteredOn(c -> !c.kept())
        .extracting(PairCandidateRecord::dropReason)
        .containsExactly("fewer than two scored responses (reasoning on)");
  }

  @Test
  void theRewardModelScoresTheAnswerUnlessToldToIncludeTheReasoning() {
    List<List<Message>> sent = new ArrayList<>();
    RewardClient client =
        conversation -> {
          sent.add(conversation);
          return new FakeModels.Reward().score(conversation);
        };
    ScoreResponsesStage.Item item =
        new ScoreResponsesStage.Item(PROMPT, scored("r", "on", "Two and two.", 0).response());
    RewardWeights weights = new RewardWeights(ScoresConfig.MODEL_CARD_WEIGHTS);

    new ScoreResponsesStage(weights).score(item, client).join();
    new ScoreResponsesStage(weights, true).score(item, client).join();

    assertThat(sent.get(0).get(1).content()).isEqualTo("Answer r");
    assertThat(sent.get(1).get(1).content())
        .isEqualTo("<think>\nTwo and two.\n</think>\n\nAnswer r");
  }

  @Test
  void exportsCarryTheModesSystemPromptAndTheReasoning() {
    ResponsesConfig modes =
        new ResponsesConfig(null, null, null, null, Map.of("math", "both"), null);
    PreferenceRecord pair =
        stage()
            .pair(
                new PairPreferencesStage.Group(
                    PROMPT,
                    List.of(scored("a", "on", "Add.", 4.0), scored("b", "on", null, 1.0)),
                    List.of()))
            .preferences()
            .get(0);

    assertThat(ExportFormats.trlPreference(pair, modes))
        .isEqualTo(
            "{\"prompt\":[{\"role\":\"system\",\"content\":\"detailed thinking on\","
                + "\"reasoning\":null},"
                + "{\"role\":\"user\",\"content\":\"What is 2+2?\",\"reasoning\":null}],"
                + "\"chosen\":[{\"role\":\"assistant\",\"content\":\"Answer a\","
                + "\"reasoning\":\"Add.\"}],"
                + "\"rejected\":[{\"role\":\"assistant\",\"content\":\"Answer b\","
                + "\"reasoning\":null}]}");
    assertThat(ExportFormats.nemoPreference(pair, modes))
        .startsWith("{\"prompt\":\"<extra_id_0>System\\ndetailed thinking on\\n<extra_id_1>User");

    SftRecord off = SftRecord.of(scored("c", "off", null, 3.0));
    assertThat(ExportFormats.sftMessages(off, modes))
        .isEqualTo(
            "{\"messages\":[{\"role\":\"system\",\"content\":\"detailed thinking off\","
                + "\"reasoning\":null},"
                + "{\"role\":\"user\",\"content\":\"What is 2+2?\",\"reasoning\":null},"
                + "{\"role\":\"assistant\",\"content\":\"Answer c\",\"reasoning\":null}]}");
    SftRecord on = SftRecord.of(scored("d", "on", "Two and two.", 3.0));
    assertThat(ExportFormats.sftMessages(on, modes))
        .endsWith(
            "{\"role\":\"assistant\",\"content\":\"Answer d\",\"reasoning\":\"Two and two.\"}]}");
    // a run without modes writes what it always wrote
    SftRecord plain = SftRecord.of(scored("e", null, null, 3.0));
    assertThat(ExportFormats.sftMessages(plain, ResponsesConfig.DEFAULT))
        .isEqualTo(ExportFormats.sftMessages(plain.messages()));
  }
}
