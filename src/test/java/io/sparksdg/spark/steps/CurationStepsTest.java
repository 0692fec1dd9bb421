package io.sparksdg.spark.steps;

import static io.sparksdg.spark.steps.StepInputs.prompt;
import static io.sparksdg.spark.steps.StepInputs.table;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.config.ConfigLoader;
import io.sparksdg.records.FailureRecord;
import io.sparksdg.records.ResponseRecord;
import io.sparksdg.records.ScoreRecord;
import io.sparksdg.records.Stage;
import io.sparksdg.spark.job.SparkTestBase;
import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.curation.HumanReview;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The curation steps one at a time, over a few scored responses built from records, with {@code
 * conf/local.yaml}'s filters (reward at least 4.5, correctness at least 2.5) and pairing (ground
 * truth, verifier, reward model; best against worst; margin at least 0.25). No model is called.
 */
class CurationStepsTest extends SparkTestBase {

  @TempDir Path dir;

  private RunContext run;

  @BeforeEach
  void startRun() {
    run =
        new RunContext(
            spark(),
            new ConfigLoader()
                .load(Path.of("conf/local.yaml"), List.of("output.report=false"))
                .withOutputRoot(dir.resolve("out").toString()));
    run.start();
  }

  @AfterEach
  void stopRun() {
    run.monitor().close();
  }

  /**
   * Three prompts: an open question with a good, a low-reward and a low-correctness response; a
   * math problem whose right answer has the lower reward; a question whose two responses differ by
   * 0.1 in reward.
   */
  private Dataset<Row> scored() {
    Dataset<Row> prompts =
        table(
            spark(),
            Tables.PROMPT,
            prompt("p1", "open_qa", "Why is the sea salty?", null),
            prompt("p2", "math", "What is 6 x 7?", "42"),
            prompt("p3", "open_qa", "Name a colour.", null));
    Dataset<Row> responses =
        table(
            spark(),
            Tables.RESPONSE,
            response("p1-a", "p1", 0, "Rivers carry dissolved minerals to it."),
            response("p1-b", "p1", 1, "Because of the fish."),
            response("p1-c", "p1", 2, "Salt mines under the water."),
            response("p2-a", "p2", 0, "The answer is 42."),
            response("p2-b", "p2", 1, "The answer is 41."),
            response("p3-a", "p3", 0, "Blue."),
            response("p3-b", "p3", 1, "Red."));
    Dataset<Row> scores =
        table(
            spark(),
            Tables.SCORE,
            score("p1-a", "p1", 3.5, 6.0),
            score("p1-b", "p1", 2.0, 3.0), // reward under 4.5
            score("p1-c", "p1", 2.0, 5.0), // correctness under 2.5
            score("p2-a", "p2", 3.0, 4.0), // right answer, reward under 4.5
            score("p2-b", "p2", 3.0, 5.0), // wrong answer
            score("p3-a", "p3", 3.0, 4.6),
            score("p3-b", "p3", 3.0, 4.5)); // 4.5 is enough for sft
    return ScoredRows.of(prompts, responses, scores, null);
  }

  @Test
  void sftKeepsTheResponsesThatPassTheQualityFilter() {
    new SftStep(run).run(scored(), null, null, HumanReview.NONE);

    Dataset<Row> sft = run.committed(Tables.SFT);
    assertThat(strings(sft, "response_id"))
        .containsExactlyInAnyOrder("p1-a", "p2-b", "p3-a", "p3-b");
    Row kept = sft.where(col("response_id").equalTo("p1-a")).first();
    assertThat(kept.<String>getAs("prompt_id")).isEqualTo("p1");
    assertThat(kept.<String>getAs("task")).isEqualTo("open_qa");
    assertThat(kept.<Double>getAs("reward")).isEqualTo(6.0);
    assertThat(kept.<Double>getAs("correctness")).isEqualTo(3.5);
    assertThat(kept.<String>getAs("judge")).isEqualTo("reward_model");
    assertThat(
            sft.where(col("response_id").equalTo("p1-a"))
                .select("messages.role")
                .first()
                .<String>getList(0))
        .containsExactly("user", "assistant");
    assertThat(
            sft.where(col("response_id").equalTo("p1-a"))
                .select("messages.content")
                .first()
                .<String>getList(0))
        .containsExactly("Why is the sea salty?", "Rivers carry dissolved minerals to it.");
    assertThat(run.rows()).containsEntry(Tables.SFT, 4L);
  }

  @Test
  void preferencesPairBestAgainstWorstByTheFirstJudgeThatApplies() {
    Dataset<Row> noJudgements = spark().createDataFrame(List.of(), Tables.JUDGEMENT.schema());
    new PreferencesStep(run).run(scored(), noJudgements, HumanReview.NONE);

    Map<String, Row> pairs = byPrompt(run.committed(Tables.PREFERENCES));
    assertThat(pairs).containsOnlyKeys("p1", "p2");
    // p1: no answer key, so the reward model decides: best (6.0) against worst (3.0).
    Row p1 = pairs.get("p1");
    assertThat(p1.<String>getAs("judge")).isEqualTo("reward_model");
    assertThat(p1.<String>getAs("chosen_response_id")).isEqualTo("p1-a");
    assertThat(p1.<String>getAs("rejected_response_id")).isEqualTo("p1-b");
    assertThat(p1.<String>getAs("chosen")).isEqualTo("Rivers carry dissolved minerals to it.");
    assertThat(p1.<Double>getAs("margin")).isEqualTo(3.0);
    // p2: the answer key decides, against the reward model's order.
    Row p2 = pairs.get("p2");
    assertThat(p2.<String>getAs("judge")).isEqualTo("ground_truth");
    assertThat(p2.<String>getAs("chosen_response_id")).isEqualTo("p2-a");
    assertThat(p2.<String>getAs("rejected_response_id")).isEqualTo("p2-b");
    assertThat(p2.<Double>getAs("margin")).isEqualTo(-1.0);

    // p3's only candidate is recorded with why it was not paired.
    Map<String, Row> candidates = byPrompt(run.committed(Tables.PAIR_CANDIDATES));
    assertThat(candidates).containsOnlyKeys("p1", "p2", "p3");
    Row p3 = candidates.get("p3");
    assertThat(p3.<Boolean>getAs("kept")).isFalse();
    assertThat(p3.<String>getAs("judge")).isEqualTo("reward_model");
    assertThat(p3.<String>getAs("drop_reason")).isEqualTo("reward gap 0.100 < min-margin 0.250");
    assertThat(candidates.get("p1").<Boolean>getAs("kept")).isTrue();
    assertThat(candidates.get("p2").<Boolean>getAs("kept")).isTrue();
    assertThat(run.rows())
        .containsEntry(Tables.PREFERENCES, 2L)
        .containsEntry(Tables.PAIR_CANDIDATES, 3L);
  }

  @Test
  void failuresKeepOneRowPerStageAndRecord() {
    run.addFailures(
        table(
            spark(),
            Tables.FAILURE,
            FailureRecord.invalidInput("line:3", null, Stage.PROMPTS, "not JSON"),
            new FailureRecord("p1-r0", "p1", Tables.RESPONSES, "rejected", 400, 1, "bad", null)));
    run.addFailures(
        table(
            spark(),
            Tables.FAILURE,
            // the same record failing again (a retried task) counts once
            new FailureRecord("p1-r0", "p1", Tables.RESPONSES, "rejected", 400, 1, "bad", null),
            new FailureRecord("p1-r0", "p1", Tables.SCORES, "timeout", 0, 6, "slow", null)));

    long failed = new FailuresStep(run).run();

    assertThat(failed).isEqualTo(3);
    Dataset<Row> table = run.committed(Tables.FAILURES);
    assertThat(
            table.select(col("stage"), col("record_id")).collectAsList().stream()
                .map(r -> r.getString(0) + "/" + r.getString(1))
                .toList())
        .containsExactlyInAnyOrder("prompts/line:3", "responses/p1-r0", "scores/p1-r0");
    assertThat(strings(table.where(col("stage").equalTo("responses")), "error_class"))
        .containsExactly("rejected");
    assertThat(table.columns()).contains(Tables.FINGERPRINT).doesNotContain(Tables.ROUND);
  }

  private static ResponseRecord response(String id, String promptId, int sample, String text) {
    return new ResponseRecord(id, promptId, sample, "test-model", text, "stop", 10, 20, null, 1, 5);
  }

  private static ScoreRecord score(
      String responseId, String promptId, double correctness, double reward) {
    return new ScoreRecord(
        responseId,
        promptId,
        3.0,
        correctness,
        3.0,
        1.0,
        1.0,
        reward,
        "test-reward",
        "",
        0,
        0,
        null,
        1,
        5);
  }

  private static List<String> strings(Dataset<Row> rows, String column) {
    return rows.select(column).as(Encoders.STRING()).collectAsList();
  }

  private static Map<String, Row> byPrompt(Dataset<Row> rows) {
    Map<String, Row> m = new TreeMap<>();
    rows.collectAsList().forEach(r -> m.put(r.getAs("prompt_id"), r));
    return m;
  }
}
