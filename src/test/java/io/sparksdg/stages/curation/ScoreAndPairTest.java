package io.sparksdg.stages.curation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparksdg.config.FilterConfig;
import io.sparksdg.config.PriceConfig;
import io.sparksdg.config.ScoresConfig;
import io.sparksdg.judge.RewardWeights;
import io.sparksdg.model.Message;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PreferenceRecord;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.ResponseRecord;
import io.sparksdg.records.ScoreRecord;
import io.sparksdg.records.ScoredResponse;
import io.sparksdg.stages.FakeModels;
import io.sparksdg.stages.judging.ScoreResponsesStage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScoreAndPairTest {

  private static final PromptRecord PROMPT =
      new PromptRecord(
          "p1",
          "s1",
          "imported",
          List.of(Message.user("q")),
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
    return new ResponseRecord(id, "p1", 0, "gen", text, "stop", 1, 1, null, 1, 1);
  }

  private static List<ScoreRecord> score(ResponseRecord... responses) {
    ScoreResponsesStage stage =
        new ScoreResponsesStage(new RewardWeights(ScoresConfig.MODEL_CARD_WEIGHTS));
    List<ScoreResponsesStage.Item> items = new ArrayList<>();
    for (ResponseRecord r : responses) {
      items.add(new ScoreResponsesStage.Item(PROMPT, r));
    }
    List<ScoreRecord> scores = new ArrayList<>();
    stage
        .run(items.iterator(), new FakeModels.Reward(), 2)
        .forEachRemaining(o -> scores.add(((Outcome.Ok<ScoreRecord>) o).value()));
    return scores;
  }

  @Test
  void scoresCarryAttributesAndTheModelCardReward() {
    ScoreRecord s = score(response("r1", "x".repeat(20))).get(0);
    assertThat(s.helpfulness()).isEqualTo(2.0);
    // 0.3*2 + 0.74*3 + 0.46*3.5 + 0.47*1 - 0.33*1
    assertThat(s.reward())
        .isCloseTo(0.6 + 2.22 + 1.61 + 0.47 - 0.33, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(s.judgeModel()).isEqualTo("fake-reward");
    assertThat(s.attempts()).isEqualTo(2);
  }

  @Test
  void aScoreCarriesTheRewardCallsTokensAndItsCostAtTheRewardEndpointsPrice() {
    ScoreResponsesStage stage =
        new ScoreResponsesStage(new RewardWeights(ScoresConfig.MODEL_CARD_WEIGHTS));
    ScoreResponsesStage.Item item = new ScoreResponsesStage.Item(PROMPT, response("r1", "abc"));

    ScoreRecord priced =
        ok(stage.score(item, new FakeModels.Reward(new PriceConfig(1.0, 2.0))).join());
    assertThat(priced.promptTokens()).isEqualTo(FakeModels.Reward.USAGE.promptTokens());
    assertThat(priced.completionTokens()).isEqualTo(FakeModels.Reward.USAGE.completionTokens());
    assertThat(priced.costUsd()).isCloseTo((40 * 1.0 + 1 * 2.0) / 1e6, within(1e-15));

    ScoreRecord free = ok(stage.score(item, new FakeModels.Reward()).join());
    assertThat(free.promptTokens()).isEqualTo(40);
    assertThat(free.costUsd()).isNull();
  }

  @Test
  void pairsBestAgainstWorstAboveTheMargin() {
    ResponseRecord shortOne = response("r1", "x".repeat(10));
    ResponseRecord mid = response("r2", "x".repeat(30));
    ResponseRecord longOne = response("r3", "x".repeat(50));
    List<ScoreRecord> scores = score(shortOne, mid, longOne);
    List<ScoredResponse> scored = new ArrayList<>();
    for (ScoreRecord s : scores) {
      ResponseRecord r =
          List.of(shortOne, mid, longOne).stream()
              .filter(x -> x.responseId().equals(s.responseId()))
              .findFirst()
              .orElseThrow();
      scored.add(new ScoredResponse(PROMPT, r, s));
    }
    PreferenceRecord pair = new PairPreferencesStage(0.5).pair(scored).orElseThrow();
    assertThat(pair.chosenResponseId()).isEqualTo("r3");
    assertThat(pair.rejectedResponseId()).isEqualTo("r1");
    assertThat(pair.margin()).isCloseTo(0.3 * 4.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(pair.chosenReward() - pair.rejectedReward()).isEqualTo(pair.margin());
    assertThat(pair.judge()).isEqualTo("reward_model");
    assertThat(pair.prompt()).containsExactly(Message.user("q"));

    assertThat(new PairPreferencesStage(1.5).pair(scored)).isEmpty();
    assertThat(new PairPreferencesStage(0).pair(scored.subList(0, 1))).isEmpty();
  }

  @Test
  void identicalTextsAreNeverPaired() {
    ResponseRecord a = response("r1", "same");
    ResponseRecord b = response("r2", "same");
    ScoreRecord sa =
        new ScoreRecord("r1", "p1", 1.0, 1.0, 1.0, 1.0, 1.0, 5.0, "j", "", 0, 0, null, 1, 1);
    ScoreRecord sb =
        new ScoreRecord("r2", "p1", 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, "j", "", 0, 0, null, 1, 1);
    Optional<PreferenceRecord> pair =
        new PairPreferencesStage(0)
            .pair(List.of(new ScoredResponse(PROMPT, a, sa), new ScoredResponse(PROMPT, b, sb)));
    assertThat(pair).isEmpty();
  }

  @Test
  void filterKeepsOnlyResponsesWithinEveryBound() {
    QualityFilter filter =
        new QualityFilter(
            new FilterConfig(3.0, Map.of("correctness", 2.5), Map.of("verbosity", 3.0)));
    ScoreRecord good =
        new ScoreRecord("r", "p", 3.0, 3.0, 3.0, 1.0, 1.0, 4.0, "j", "", 0, 0, null, 1, 1);
    assertThat(filter.decide(good)).isInstanceOf(FilterDecision.Keep.class);
    assertThat(
            filter.decide(
                new ScoreRecord("r", "p", 3.0, 3.0, 3.0, 1.0, 1.0, 2.0, "j", "", 0, 0, null, 1, 1)))
        .isEqualTo(new FilterDecision.Drop("reward 2.000 < min-reward 3.000"));
    assertThat(
            filter.decide(
                new ScoreRecord("r", "p", 3.0, 2.0, 3.0, 1.0, 1.0, 4.0, "j", "", 0, 0, null, 1, 1)))
        .isEqualTo(new FilterDecision.Drop("correctness 2.0 < min 2.500"));
    assertThat(
            filter.decide(
                new ScoreRecord("r", "p", 3.0, 3.0, 3.0, 1.0, 3.5, 4.0, "j", "", 0, 0, null, 1, 1)))
        .isEqualTo(new FilterDecision.Drop("verbosity 3.5 > max 3.000"));
  }

  /** The value of a successful outcome. */
  private static <T> T ok(Outcome<T> outcome) {
    assertThat(outcome).isInstanceOf(Outcome.Ok.class);
    return ((Outcome.Ok<T>) outcome).value();
  }
}
