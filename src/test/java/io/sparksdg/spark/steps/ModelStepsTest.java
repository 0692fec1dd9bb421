package io.sparksdg.spark.steps;

import static io.sparksdg.spark.steps.StepInputs.prompt;
import static io.sparksdg.spark.steps.StepInputs.table;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.spark.job.SimulatedRun;
import io.sparksdg.spark.job.SparkTestBase;
import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.tables.Tables;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model-calling steps one at a time against the simulator, each run twice into two output
 * roots: the same ids both times, and one model call per work item.
 */
class ModelStepsTest extends SparkTestBase {

  @TempDir Path dir;

  private static RunContext context(SimulatedRun sim, String out, String... overrides) {
    List<String> all =
        new java.util.ArrayList<>(List.of("output.report=false", "run.partitions=2"));
    all.addAll(List.of(overrides));
    return sim.context(
        sim.config("conf/local.yaml", sim.out().resolveSibling(out), all.toArray(String[]::new)));
  }

  @Test
  void topicsAreMacroTopicsAndTheirSubtopicsWithTheSameIdsInEveryRun() {
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir)) {
      String[] settings = {"prompts.topics=3", "prompts.subtopics-per-topic=2"};
      Dataset<Row> first = new TopicsStep(context(sim, "one", settings)).run();
      // one call for the macro topics, one per macro topic for its subtopics
      assertThat(sim.requests()).isEqualTo(4);
      Dataset<Row> second = new TopicsStep(context(sim, "two", settings)).run();
      assertThat(sim.requests()).isEqualTo(8);

      Dataset<Row> macro = first.where(col("parent_id").isNull());
      assertThat(macro.count()).isEqualTo(3);
      assertThat(first.count()).isEqualTo(9);
      Dataset<Row> subtopics = first.where(col("parent_id").isNotNull());
      assertThat(
              subtopics
                  .join(
                      macro.select(col("topic_id").as("macro_id")),
                      col("parent_id").equalTo(col("macro_id")))
                  .count())
          .isEqualTo(6);
      assertThat(sorted(second, "topic_id")).isEqualTo(sorted(first, "topic_id"));
      assertThat(sorted(second, "name")).isEqualTo(sorted(first, "name"));
    }
  }

  @Test
  void everyPromptGetsItsResponsesAndEveryResponseOneScoreWithTheSameIdsInEveryRun() {
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir)) {
      Dataset<Row> prompts =
          table(
              spark(),
              Tables.PROMPT,
              prompt("q1", "imported", "Why do tides rise?", null),
              prompt("q2", "imported", "How do birds navigate?", null),
              prompt("q3", "imported", "What makes bread rise?", null));

      RunContext one = context(sim, "one");
      Dataset<Row> responses = new ResponsesStep(one).run(prompts);
      Dataset<Row> scores = new ScoresStep(one).run(prompts, responses);
      // 3 prompts x 2 responses (conf/local.yaml), each scored: one request per item
      assertThat(sim.requests()).isEqualTo(12);
      RunContext two = context(sim, "two");
      Dataset<Row> again = new ResponsesStep(two).run(prompts);
      Dataset<Row> againScores = new ScoresStep(two).run(prompts, again);

      assertThat(responses.count()).isEqualTo(6);
      assertThat(
              responses.groupBy("prompt_id").count().select("prompt_id", "count").collectAsList())
          .extracting(r -> r.getString(0) + "=" + r.getLong(1))
          .containsExactlyInAnyOrder("q1=2", "q2=2", "q3=2");
      assertThat(sorted(responses, "sample_index")).containsExactly("0", "0", "0", "1", "1", "1");
      assertThat(sorted(again, "response_id")).isEqualTo(sorted(responses, "response_id"));

      assertThat(sorted(scores, "response_id")).isEqualTo(sorted(responses, "response_id"));
      assertThat(sorted(againScores, "response_id")).isEqualTo(sorted(scores, "response_id"));
      assertThat(scores.where(col("reward").isNull().or(col("correctness").isNull())).count())
          .isZero();
      assertThat(
              scores
                  .join(
                      responses.select(
                          col("response_id").as("r_id"), col("prompt_id").as("r_prompt")),
                      col("response_id").equalTo(col("r_id")))
                  .where(col("prompt_id").notEqual(col("r_prompt")))
                  .count())
          .isZero();
      assertThat(one.rows()).containsEntry(Tables.RESPONSES, 6L).containsEntry(Tables.SCORES, 6L);
      assertThat(one.failures()).hasSize(2).allSatisfy(f -> assertThat(f.count()).isZero());
      assertThat(sim.requests()).isEqualTo(24);
    }
  }

  private static List<String> sorted(Dataset<Row> rows, String column) {
    return rows.select(col(column).cast("string").as(column))
        .orderBy(col(column))
        .as(Encoders.STRING())
        .collectAsList();
  }
}
