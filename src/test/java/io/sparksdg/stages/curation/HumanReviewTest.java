package io.sparksdg.stages.curation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparksdg.config.ScoresConfig;
import io.sparksdg.judge.RewardWeights;
import io.sparksdg.model.Message;
import io.sparksdg.records.PreferenceRecord;
import io.sparksdg.records.SftRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The review file: exported lines, annotated verdicts, and how they change rows. */
class HumanReviewTest {

  private static final PreferenceRecord PAIR =
      new PreferenceRecord(
          "pair1",
          "p1",
          List.of(Message.user("Q?")),
          "good",
          "bad",
          3.0,
          1.0,
          2.0,
          "reward_model",
          "r-good",
          "r-bad",
          "m1",
          "m2",
          true,
          true,
          "safe",
          "safe",
          "unsafe");

  private static final SftRecord SFT =
      new SftRecord(
          "r1",
          "p1",
          "open_qa",
          List.of(Message.user("Q?"), Message.assistant("A.")),
          "m1",
          3.0,
          3.0,
          3.0,
          1.0,
          1.0,
          4.0,
          SftRecord.JUDGE_REWARD_MODEL,
          null,
          null);

  // in the model card's order, as configs give them: a sum in another order may differ in its last
  // bit (Map.of's order changes from one JVM to the next)
  private static final Map<String, Double> WEIGHTS = ScoresConfig.MODEL_CARD_WEIGHTS;

  private static HumanReview review(String... lines) {
    return new HumanReview(
        ReviewItems.parse(List.of(lines)).verdicts(), new RewardWeights(WEIGHTS), 2.5);
  }

  @Test
  void exportedLinesCarryTheItemAndEmptyVerdictFields() throws Exception {
    var pair = new ObjectMapper().readTree(ReviewItems.pairLine(PAIR, "open_qa"));
    assertThat(pair.get("id").asText()).isEqualTo("pair1");
    assertThat(pair.get("kind").asText()).isEqualTo("pair");
    assertThat(pair.get("band").asText()).isEqualTo("margin [2,3)");
    assertThat(pair.get("prompt").get(0).get("content").asText()).isEqualTo("Q?");
    assertThat(pair.get("scores").get("chosen_reward").asDouble()).isEqualTo(3.0);
    assertThat(pair.get("rejected_safety").asText()).isEqualTo("unsafe");
    assertThat(pair.get("verdict").isNull()).isTrue();
    assertThat(pair.get("corrected_scores").isNull()).isTrue();
    var sft = new ObjectMapper().readTree(ReviewItems.sftLine(SFT));
    assertThat(sft.get("response").asText()).isEqualTo("A.");
    assertThat(sft.get("prompt")).hasSize(1);
    assertThat(sft.get("judge").asText()).isEqualTo("reward_model");
    assertThat(sft.get("band").asText()).isEqualTo("reward [4,5)");
    // An untouched export line is unreviewed.
    assertThat(ReviewItems.parse(List.of(ReviewItems.sftLine(SFT))).unreviewed()).isEqualTo(1);
  }

  @Test
  void swapExchangesChosenAndRejectedAndTheHumanBecomesTheJudge() {
    PreferenceRecord p =
        review("{\"id\": \"pair1\", \"kind\": \"pair\", \"verdict\": \"Swap\"}")
            .apply(PAIR)
            .orElseThrow();
    assertThat(p.chosen()).isEqualTo("bad");
    assertThat(p.rejected()).isEqualTo("good");
    assertThat(p.chosenResponseId()).isEqualTo("r-bad");
    assertThat(p.chosenModel()).isEqualTo("m2");
    assertThat(p.chosenReward()).isEqualTo(1.0);
    assertThat(p.margin()).isEqualTo(-2.0);
    assertThat(p.chosenSafety()).isEqualTo("unsafe");
    assertThat(p.judge()).isEqualTo("human");
    assertThat(p.dpo()).isFalse(); // the new chosen reward 1.0 is under dpo-min-reward 2.5
    assertThat(p.pairId()).isEqualTo("pair1");
  }

  @Test
  void correctedScoresReplaceTheAutomaticOnes() {
    PreferenceRecord p =
        review(
                "{\"id\": \"pair1\", \"kind\": \"pair\", \"verdict\": null,"
                    + " \"corrected_scores\": {\"rejected_reward\": 2.75}}")
            .apply(PAIR)
            .orElseThrow();
    assertThat(p.rejectedReward()).isEqualTo(2.75);
    assertThat(p.margin()).isEqualTo(0.25);
    assertThat(p.chosen()).isEqualTo("good");
    assertThat(p.judge()).isEqualTo("human");

    SftRecord s =
        review("{\"id\": \"r1\", \"kind\": \"sft\", \"corrected_scores\": {\"correctness\": 1.0}}")
            .apply(SFT)
            .orElseThrow();
    assertThat(s.correctness()).isEqualTo(1.0);
    assertThat(s.reward()).isEqualTo(0.3 * 3 + 0.74 * 1 + 0.46 * 3 + 0.47 * 1 - 0.33 * 1);
    assertThat(s.judge()).isEqualTo("human");
  }

  @Test
  void dropRemovesTheRowAndRowsWithoutAVerdictPassUnchanged() {
    HumanReview r =
        review(
            "{\"id\": \"r1\", \"kind\": \"sft\", \"verdict\": \"drop\"}",
            "{\"id\": \"pair9\", \"kind\": \"pair\", \"verdict\": \"keep\"}");
    assertThat(r.apply(SFT)).isEmpty();
    assertThat(r.apply(PAIR)).contains(PAIR);
    assertThat(r.ids("pair")).containsExactly("pair9");
  }

  @Test
  void badLinesAreNamedWithTheirNumber() {
    assertThatThrownBy(
            () ->
                ReviewItems.parse(
                    List.of("", "{\"id\": \"x\", \"kind\": \"sft\", \"verdict\": \"swap\"}")))
        .hasMessageContaining("line 2")
        .hasMessageContaining("pairs only");
    assertThatThrownBy(
            () ->
                ReviewItems.parse(
                    List.of("{\"id\": \"x\", \"kind\": \"pair\", \"verdict\": \"maybe\"}")))
        .hasMessageContaining("keep, drop or swap");
    assertThatThrownBy(
            () ->
                ReviewItems.parse(
                    List.of(
                        "{\"id\": \"x\", \"kind\": \"pair\", \"corrected_scores\": {\"reward\": 1}}")))
        .hasMessageContaining("chosen_reward");
    assertThatThrownBy(() -> ReviewItems.parse(List.of("not json")))
        .hasMessageContaining("line 1: not a JSON object");
  }

  @Test
  void storedVerdictsReadBackTheSame() {
    var parsed =
        ReviewItems.parse(
            List.of(
                "{\"id\": \"pair1\", \"kind\": \"pair\", \"verdict\": \"keep\", \"note\": \"ok\","
                    + " \"corrected_scores\": {\"chosen_reward\": 3.5}}"));
    ReviewVerdict v = parsed.verdicts().values().iterator().next();
    assertThat(ReviewItems.parse(List.of(ReviewItems.line(v))).verdicts().values())
        .containsExactly(v);
  }
}
