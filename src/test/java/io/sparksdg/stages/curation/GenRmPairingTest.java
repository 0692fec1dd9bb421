package io.sparksdg.stages.curation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparksdg.config.ConfigException;
import io.sparksdg.config.PreferencesConfig;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.Message;
import io.sparksdg.model.Sampling;
import io.sparksdg.records.FailureRecord;
import io.sparksdg.records.JudgementRecord;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.ResponseRecord;
import io.sparksdg.records.ScoreRecord;
import io.sparksdg.records.ScoredResponse;
import io.sparksdg.stages.FakeModels;
import io.sparksdg.stages.judging.JudgePairsStage;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The GenRM judge: asked in its format with positions swapped, paired only when both agree. */
class GenRmPairingTest {

  private static final PromptRecord PROMPT =
      PromptRecord.userTurn("g1", "g1", "t", "What is the capital of France?", null, null);
  private static final ScoredResponse SHORT = scored("a", "Paris.", 1.0);
  private static final ScoredResponse LONG =
      scored("b", "Paris, on the Seine, capital since the tenth century.", 4.0);

  private static ScoredResponse scored(String id, String text, double reward) {
    ResponseRecord r =
        new ResponseRecord(id, PROMPT.promptId(), 0, "model-" + id, text, "stop", 1, 1, null, 1, 1);
    ScoreRecord s =
        new ScoreRecord(
            id,
            PROMPT.promptId(),
            null,
            null,
            null,
            null,
            null,
            reward,
            "rm",
            "",
            0,
            0,
            null,
            1,
            1);
    return new ScoredResponse(PROMPT, r, s);
  }

  private static PairPreferencesStage pairing() {
    return new PairPreferencesStage(
        new PreferencesConfig(
            0.0,
            List.of("genrm", "reward-model"),
            null,
            null,
            "best-vs-worst",
            3,
            null,
            null,
            null,
            "genrm",
            1.0,
            null));
  }

  private static String reply(int s1, int s2, int ranking) {
    return "Response 1 and 2 read.\n[The Begin of Individual Scores]\n\\boxed{"
        + s1
        + ", "
        + s2
        + "}\n[The End of Individual Scores]\n[The Begin of Ranking Score]\n\\boxed{"
        + ranking
        + "}\n[The End of Ranking Score]";
  }

  private static String role(ChatRequest request, String role) {
    return request.messages().stream()
        .filter(m -> m.role().equals(role))
        .map(Message::content)
        .findFirst()
        .orElseThrow();
  }

  private static Outcome<JudgementRecord> judge(Function<ChatRequest, String> genrm) {
    return judge(new FakeModels.Chat(genrm));
  }

  private static Outcome<JudgementRecord> judge(FakeModels.Chat genrm) {
    JudgePairsStage stage =
        new JudgePairsStage("genrm", new Sampling(0.0, null, null, null), 1, true);
    return stage
        .judge(new JudgePairsStage.Item(PROMPT, SHORT.response(), LONG.response()), genrm)
        .join();
  }

  private static JudgementRecord ok(Outcome<JudgementRecord> o) {
    return ((Outcome.Ok<JudgementRecord>) o).value();
  }

  @Test
  void asksWithTheConversationThenBothResponsesInEachOrder() {
    FakeModels.Chat genrm = new FakeModels.Chat(r -> reply(3, 3, 3));
    judge(genrm);
    assertThat(genrm.requests).hasSize(2);
    List<List<String>> asked =
        genrm.requests.stream()
            .map(r -> r.messages().stream().map(m -> m.role() + ": " + m.content()).toList())
            .toList();
    assertThat(asked)
        .containsExactlyInAnyOrder(
            List.of(
                "user: What is the capital of France?",
                "response_1: " + SHORT.response().text(),
                "response_2: " + LONG.response().text()),
            List.of(
                "user: What is the capital of France?",
                "response_1: " + LONG.response().text(),
                "response_2: " + SHORT.response().text()));
  }

  @Test
  void bothOrdersAgreeingPairInTheStatedDirection() {
    // prefers the longer response wherever it is shown: 5 when it is second, 2 when first
    JudgementRecord j =
        ok(
            judge(
                r -> {
                  boolean firstLonger =
                      role(r, "response_1").length() > role(r, "response_2").length();
                  return firstLonger ? reply(5, 2, 2) : reply(2, 5, 5);
                }));
    assertThat(j.verdict()).isEqualTo("b");
    assertThat(j.firstVerdict()).isEqualTo("b");
    assertThat(j.swappedVerdict()).isEqualTo("b");
    assertThat(j.firstRanking()).isEqualTo(5);
    assertThat(j.swappedRanking()).isEqualTo(2);
    // scores belong to the responses, whichever position they were shown in
    assertThat(List.of(j.firstScoreA(), j.firstScoreB())).containsExactly(2, 5);
    assertThat(List.of(j.swappedScoreA(), j.swappedScoreB())).containsExactly(2, 5);
    assertThat(j.reasoningFirst()).isEqualTo("Response 1 and 2 read.");
    assertThat(j.reasoningSwapped()).isEqualTo("Response 1 and 2 read.");

    var paired =
        pairing().pair(new PairPreferencesStage.Group(PROMPT, List.of(SHORT, LONG), List.of(j)));
    assertThat(paired.preferences())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.judge()).isEqualTo("genrm");
              assertThat(p.chosenResponseId()).isEqualTo("b");
              assertThat(p.rejectedResponseId()).isEqualTo("a");
            });
  }

  @Test
  void slightPreferencesThatSurviveTheSwapPairToo() {
    JudgementRecord j =
        ok(judge(r -> role(r, "response_1").equals("Paris.") ? reply(3, 3, 3) : reply(3, 3, 4)));
    assertThat(j.verdict()).isEqualTo("a");
    var paired =
        pairing().pair(new PairPreferencesStage.Group(PROMPT, List.of(SHORT, LONG), List.of(j)));
    assertThat(paired.preferences())
        .singleElement()
        .satisfies(p -> assertThat(p.chosenResponseId()).isEqualTo("a"));
  }

  @Test
  void disagreeingPositionsAreRecordedAndNeverPaired() {
    // always favours the response shown first
    JudgementRecord j = ok(judge(r -> reply(4, 3, 2)));
    assertThat(j.verdict()).isEqualTo("inconsistent");
    assertThat(j.firstVerdict()).isEqualTo("a");
    assertThat(j.swappedVerdict()).isEqualTo("b");
    assertThat(j.firstRanking()).isEqualTo(2);
    assertThat(j.swappedRanking()).isEqualTo(2);

    var paired =
        pairing().pair(new PairPreferencesStage.Group(PROMPT, List.of(SHORT, LONG), List.of(j)));
    assertThat(paired.preferences()).isEmpty();
    assertThat(paired.candidates())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.judge()).isEqualTo("genrm");
              assertThat(c.kept()).isFalse();
              assertThat(c.dropReason())
                  .isEqualTo(
                      "genrm: positions disagree (ranking 2 with a shown first, 2 with b shown"
                          + " first)");
            });
  }

  @Test
  void aReplyWithoutARankingIsAFailureWithTheRawReply() {
    Outcome<JudgementRecord> o =
        judge(
            r ->
                role(r, "response_1").equals("Paris.")
                    ? reply(2, 5, 5)
                    : "[The Begin of Individual Scores]\n\\boxed{5, 2}");
    assertThat(o).isInstanceOf(Outcome.Failed.class);
    FailureRecord f = ((Outcome.Failed<JudgementRecord>) o).failure();
    assertThat(f.stage()).isEqualTo("judgements");
    assertThat(f.errorClass()).isEqualTo("unusable_output");
    assertThat(f.raw()).isEqualTo("[The Begin of Individual Scores]\n\\boxed{5, 2}");
    assertThat(f.message()).contains("no ranking score");
  }

  @Test
  void judgementIdsOfTheGenRmAndThePairwiseJudgeDiffer() {
    Sampling greedy = new Sampling(0.0, null, null, null);
    assertThat(new JudgePairsStage("m", greedy, 1, true).judgementId("a", "b"))
        .isNotEqualTo(new JudgePairsStage("m", greedy, 1, false).judgementId("a", "b"));
  }

  @Test
  void theGenRmIsAJudgeKindWithItsOwnEndpointAndShare() {
    PairPreferencesStage stage = pairing();
    assertThat(stage.judgeFor(PROMPT)).isEqualTo("genrm");
    assertThat(stage.pairJudgeDecides(PROMPT)).isTrue();
    PreferencesConfig config =
        new PreferencesConfig(
            null, List.of("genrm"), null, null, null, null, null, null, null, "rm", 0.25, null);
    assertThat(config.usesGenRm()).isTrue();
    assertThat(config.pairJudgeEndpoint()).isEqualTo("rm");
    assertThat(config.pairJudgeKey()).isEqualTo("preferences.genrm");
    assertThat(config.pairJudgeShare()).isEqualTo(0.25);

    assertThatThrownBy(
            () ->
                new PreferencesConfig(
                    null,
                    List.of("genrm"),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("set preferences.genrm");
    assertThatThrownBy(
            () ->
                new PreferencesConfig(
                    null,
                    List.of("genrm", "llm-judge"),
                    "j",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    "rm",
                    null,
                    null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("both llm-judge and genrm");
  }
}
