package io.sparksdg.stages.curation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparksdg.config.PreferencesConfig;
import io.sparksdg.config.PriceConfig;
import io.sparksdg.model.Sampling;
import io.sparksdg.records.FailureRecord;
import io.sparksdg.records.JudgementRecord;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PreferenceRecord;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.ResponseRecord;
import io.sparksdg.records.ScoreRecord;
import io.sparksdg.records.ScoredResponse;
import io.sparksdg.stages.FakeModels;
import io.sparksdg.stages.judging.JudgePairsStage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Judges, pairing strategies and filters, with the LLM judge behind a fake chat client. */
class JudgedPairingTest {

  private static PromptRecord prompt(String id, String answerKey, String instructions) {
    return PromptRecord.userTurn(id, id, "t", "question " + id, answerKey, instructions);
  }

  private static ScoredResponse scored(PromptRecord p, String id, String text, double reward) {
    return scored(p, id, text, reward, "stop");
  }

  private static ScoredResponse scored(
      PromptRecord p, String id, String text, double reward, String finish) {
    ResponseRecord r =
        new ResponseRecord(id, p.promptId(), 0, "model-" + id, text, finish, 1, 1, null, 1, 1);
    ScoreRecord s =
        new ScoreRecord(
            id, p.promptId(), null, null, null, null, null, reward, "rm", "", 0, 0, null, 1, 1);
    return new ScoredResponse(p, r, s);
  }

  private static PreferencesConfig config(
      List<String> judges, String strategy, double minMargin, int cap, Double dpo, Double rpo) {
    return new PreferencesConfig(
        minMargin, judges, "judge", 1.0, strategy, cap, dpo, rpo, null, null, null, null);
  }

  private static final List<String> ALL = List.of("ground-truth", "verifier", "reward-model");

  @Test
  void groundTruthPrefersTheRightAnswerOverAHigherReward() {
    PromptRecord p = prompt("m1", "19", null);
    var pairing =
        new PairPreferencesStage(config(ALL, "best-vs-worst", 0.5, 3, null, null))
            .pair(
                new PairPreferencesStage.Group(
                    p,
                    List.of(
                        scored(p, "right", "12 + 7\n#### 19", 1.0),
                        scored(p, "wrong", "12 * 7\n#### 84", 3.0)),
                    List.of()));
    assertThat(pairing.preferences()).hasSize(1);
    PreferenceRecord pair = pairing.preferences().get(0);
    assertThat(pair.judge()).isEqualTo("ground_truth");
    assertThat(pair.chosenResponseId()).isEqualTo("right");
    assertThat(pair.chosenReward()).isEqualTo(1.0);
    assertThat(pair.rejectedReward()).isEqualTo(3.0);
    assertThat(pair.margin()).isEqualTo(-2.0);
  }

  @Test
  void groundTruthRecordsWhyTwoRightAnswersDoNotPair() {
    PromptRecord p = prompt("m2", "19", null);
    var pairing =
        new PairPreferencesStage(config(ALL, "best-vs-worst", 0.5, 3, null, null))
            .pair(
                new PairPreferencesStage.Group(
                    p,
                    List.of(scored(p, "a", "#### 19", 1.0), scored(p, "b", "so 19.", 3.0)),
                    List.of()));
    assertThat(pairing.preferences()).isEmpty();
    assertThat(pairing.candidates())
        .singleElement()
        .satisfies(
            c -> assertThat(c.dropReason()).isEqualTo("ground truth: both answers are right"));
  }

  @Test
  void verifierChoosesTheResponseThatFollowsTheInstructions() {
    PromptRecord p = prompt("v1", null, "[{\"id\":\"punctuation:no_comma\",\"params\":{}}]");
    var pairing =
        new PairPreferencesStage(config(ALL, "best-vs-worst", 0.5, 3, null, null))
            .pair(
                new PairPreferencesStage.Group(
                    p,
                    List.of(
                        scored(p, "commas", "Yes, this, has commas.", 3.5),
                        scored(p, "clean", "No commas here at all.", 2.0)),
                    List.of()));
    assertThat(pairing.preferences())
        .singleElement()
        .satisfies(
            pair -> {
              assertThat(pair.judge()).isEqualTo("verifier");
              assertThat(pair.chosenResponseId()).isEqualTo("clean");
            });
  }

  @Test
  void strategiesProposeDifferentPairsAndTheCapKeepsTheWidestMargins() {
    PromptRecord p = prompt("r1", null, null);
    List<ScoredResponse> four =
        List.of(
            scored(p, "r4", "four", 4.0),
            scored(p, "r3", "three", 3.0),
            scored(p, "r2", "two", 2.0),
            scored(p, "r1", "one", 1.0));
    var worst =
        new PairPreferencesStage(config(ALL, "best-vs-worst", 0.5, 3, null, null))
            .pair(new PairPreferencesStage.Group(p, four, List.of()));
    assertThat(worst.preferences())
        .extracting(PreferenceRecord::chosenResponseId, PreferenceRecord::rejectedResponseId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("r4", "r1"));

    var each =
        new PairPreferencesStage(config(ALL, "best-vs-each", 1.5, 3, null, null))
            .pair(new PairPreferencesStage.Group(p, four, List.of()));
    assertThat(each.preferences())
        .extracting(PreferenceRecord::rejectedResponseId)
        .containsExactly("r1", "r2");
    assertThat(each.candidates())
        .filteredOn(c -> !c.kept())
        .singleElement()
        .satisfies(c -> assertThat(c.dropReason()).startsWith("reward gap 1.000 < min-margin"));

    var all =
        new PairPreferencesStage(config(ALL, "all-pairs", 1.0, 2, null, null))
            .pair(new PairPreferencesStage.Group(p, four, List.of()));
    // Six pairs; three reach the margin 1.0 at gaps 3, 2, 2; three have gap 1 -> also reach it.
    assertThat(all.candidates()).hasSize(6);
    assertThat(all.preferences()).hasSize(2);
    assertThat(all.preferences().get(0).margin()).isEqualTo(3.0);
    assertThat(all.candidates())
        .filteredOn(c -> !c.kept())
        .allSatisfy(c -> assertThat(c.dropReason()).contains("max-pairs-per-prompt 2"));
  }

  @Test
  void filtersDropEqualTextsTruncatedAnswersAndLowQualityChosen() {
    PromptRecord p = prompt("f1", null, null);
    var stage = new PairPreferencesStage(config(ALL, "best-vs-worst", 0.1, 3, 3.5, 2.5));
    var same =
        stage.pair(
            new PairPreferencesStage.Group(
                p, List.of(scored(p, "a", "same", 4.0), scored(p, "b", " same ", 1.0)), List.of()));
    assertThat(same.preferences()).isEmpty();
    assertThat(same.candidates().get(0).dropReason()).isEqualTo("chosen equals rejected");

    var cut =
        stage.pair(
            new PairPreferencesStage.Group(
                p,
                List.of(scored(p, "a", "long", 4.0, "length"), scored(p, "b", "short", 1.0)),
                List.of()));
    assertThat(cut.candidates().get(0).dropReason())
        .isEqualTo("chosen response was cut off (finish_reason length)");

    var low =
        stage.pair(
            new PairPreferencesStage.Group(
                p, List.of(scored(p, "a", "x", 2.0), scored(p, "b", "y", 1.0)), List.of()));
    assertThat(low.candidates().get(0).dropReason())
        .isEqualTo("chosen reward 2.000 < rpo-min-reward 2.500");

    var rpoOnly =
        stage.pair(
            new PairPreferencesStage.Group(
                p, List.of(scored(p, "a", "x", 3.0), scored(p, "b", "y", 1.0)), List.of()));
    assertThat(rpoOnly.preferences())
        .singleElement()
        .satisfies(
            pair -> {
              assertThat(pair.rpo()).isTrue();
              assertThat(pair.dpo()).isFalse();
            });
  }

  private static List<JudgementRecord> judge(
      PromptRecord p, List<ScoredResponse> responses, FakeModels.Chat judgeModel) {
    JudgePairsStage stage = new JudgePairsStage("judge", new Sampling(0.0, null, null, null), 1);
    List<JudgementRecord> out = new ArrayList<>();
    for (JudgePairsStage.Item item :
        JudgePairsStage.pairs(p, responses.stream().map(ScoredResponse::response).toList())) {
      Outcome<JudgementRecord> o = stage.judge(item, judgeModel).join();
      out.add(((Outcome.Ok<JudgementRecord>) o).value());
    }
    return out;
  }

  @Test
  void aJudgeThatAlwaysPrefersTheFirstPositionYieldsNoPairs() {
    PromptRecord p = prompt("l1", null, null);
    List<ScoredResponse> responses =
        List.of(
            scored(p, "a", "short", 1.0),
            scored(p, "b", "a much longer answer", 4.0),
            scored(p, "c", "medium answer", 2.0));
    FakeModels.Chat firstPosition = new FakeModels.Chat(r -> "Response A is better. [[A]]");
    List<JudgementRecord> judgements = judge(p, responses, firstPosition);
    assertThat(judgements)
        .hasSize(3)
        .allSatisfy(j -> assertThat(j.verdict()).isEqualTo("inconsistent"));
    // Each pair was asked twice, the second time with the positions swapped.
    assertThat(firstPosition.requests).hasSize(6);
    String firstAsk = firstPosition.requests.get(0).messages().get(0).content();
    assertThat(firstAsk).contains("[Response A]").contains("[Response B]");

    var pairing =
        new PairPreferencesStage(config(List.of("llm-judge"), "best-vs-worst", 0.0, 3, null, null))
            .pair(new PairPreferencesStage.Group(p, responses, judgements));
    assertThat(pairing.preferences()).isEmpty();
    assertThat(pairing.candidates())
        .hasSize(3)
        .allSatisfy(
            c ->
                assertThat(c.dropReason())
                    .isEqualTo("llm judge: inconsistent under position swap (first a, swapped b)"));
  }

  @Test
  void aConsistentJudgePairsTheWinnerAndRecordsTies() {
    PromptRecord p = prompt("l2", null, null);
    List<ScoredResponse> responses =
        List.of(scored(p, "a", "short", 1.0), scored(p, "b", "a much longer answer", 4.0));
    // Prefers whichever response is longer, wherever it is shown.
    FakeModels.Chat longer =
        new FakeModels.Chat(
            r -> {
              String q = r.messages().get(0).content();
              String a = q.substring(q.indexOf("[Response A]"), q.indexOf("[Response B]"));
              String b = q.substring(q.indexOf("[Response B]"));
              return a.length() > b.length() ? "[[A]]" : "[[B]]";
            });
    List<JudgementRecord> judgements = judge(p, responses, longer);
    assertThat(judgements).singleElement().satisfies(j -> assertThat(j.verdict()).isEqualTo("b"));
    var pairing =
        new PairPreferencesStage(config(List.of("llm-judge"), "best-vs-worst", 0.0, 3, null, null))
            .pair(new PairPreferencesStage.Group(p, responses, judgements));
    assertThat(pairing.preferences())
        .singleElement()
        .satisfies(
            pair -> {
              assertThat(pair.judge()).isEqualTo("llm_judge");
              assertThat(pair.chosenResponseId()).isEqualTo("b");
              assertThat(pair.chosenReward()).isEqualTo(4.0);
              assertThat(pair.rejectedReward()).isEqualTo(1.0);
            });

    List<JudgementRecord> ties = judge(p, responses, new FakeModels.Chat(r -> "[[C]]"));
    var tied =
        new PairPreferencesStage(config(List.of("llm-judge"), "best-vs-worst", 0.0, 3, null, null))
            .pair(new PairPreferencesStage.Group(p, responses, ties));
    assertThat(tied.preferences()).isEmpty();
    assertThat(tied.candidates().get(0).dropReason()).isEqualTo("llm judge: tie");
  }

  @Test
  void aJudgementCarriesBothAsksTokensAndTheirCostAtTheJudgesPrice() {
    PromptRecord p = prompt("l4", null, null);
    JudgePairsStage stage = new JudgePairsStage("judge", new Sampling(0.0, null, null, null), 1);
    JudgePairsStage.Item item =
        new JudgePairsStage.Item(
            p, scored(p, "a", "x", 1).response(), scored(p, "b", "y", 1).response());

    // each ask: 10 prompt tokens, 5 completion tokens ("[[C]]")
    JudgementRecord priced =
        ok(stage.judge(item, new FakeModels.Chat(r -> "[[C]]", new PriceConfig(2.0, 10.0))).join());
    assertThat(priced.promptTokens()).isEqualTo(20);
    assertThat(priced.completionTokens()).isEqualTo(10);
    assertThat(priced.costUsd()).isCloseTo((20 * 2.0 + 10 * 10.0) / 1e6, within(1e-15));

    JudgementRecord free = ok(stage.judge(item, new FakeModels.Chat(r -> "[[C]]")).join());
    assertThat(free.promptTokens()).isEqualTo(20);
    assertThat(free.completionTokens()).isEqualTo(10);
    assertThat(free.costUsd()).isNull();
  }

  @Test
  void anUnreadableVerdictIsAFailureWithTheRawReply() {
    PromptRecord p = prompt("l3", null, null);
    JudgePairsStage stage = new JudgePairsStage("judge", new Sampling(0.0, null, null, null), 1);
    Outcome<JudgementRecord> o =
        stage
            .judge(
                new JudgePairsStage.Item(
                    p, scored(p, "a", "x", 1).response(), scored(p, "b", "y", 1).response()),
                new FakeModels.Chat(r -> "both are nice"))
            .join();
    assertThat(o).isInstanceOf(Outcome.Failed.class);
    FailureRecord f = ((Outcome.Failed<JudgementRecord>) o).failure();
    assertThat(f.stage()).isEqualTo("judgements");
    assertThat(f.errorClass()).isEqualTo("unusable_output");
    assertThat(f.raw()).isEqualTo("both are nice");
  }

  @Test
  void theFirstApplicableJudgeInTheConfiguredOrderDecides() {
    var stage =
        new PairPreferencesStage(
            config(
                List.of("ground-truth", "verifier", "llm-judge", "reward-model"),
                "best-vs-worst",
                0.5,
                3,
                null,
                null));
    assertThat(
            stage.judgeFor(prompt("x", "5", "[{\"id\":\"punctuation:no_comma\",\"params\":{}}]")))
        .isEqualTo("ground_truth");
    assertThat(
            stage.judgeFor(prompt("x", null, "[{\"id\":\"punctuation:no_comma\",\"params\":{}}]")))
        .isEqualTo("verifier");
    assertThat(stage.judgeFor(prompt("x", null, null))).isEqualTo("llm_judge");
    var rewardFirst =
        new PairPreferencesStage(
            config(List.of("reward-model", "ground-truth"), "best-vs-worst", 0.5, 3, null, null));
    assertThat(rewardFirst.judgeFor(prompt("x", "5", null))).isEqualTo("reward_model");
  }

  /** The value of a successful outcome. */
  private static <T> T ok(Outcome<T> outcome) {
    assertThat(outcome).isInstanceOf(Outcome.Ok.class);
    return ((Outcome.Ok<T>) outcome).value();
  }
}
