package io.sparksdg.spark.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sparksdg.spark.tables.Tables;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-row tokens and cost: every row of {@code responses}, {@code scores}, {@code dialogues} and
 * {@code judgements} carries its calls' tokens and their cost at the endpoint's price, and the rows
 * add up to what {@code _metrics.json} says per stage and per endpoint.
 */
class SdgJobCostTest extends SparkTestBase {

  private static final double INPUT = 3.0;
  private static final double OUTPUT = 15.0;

  /** Dollars to a millionth, as {@code _metrics.json} writes them, plus the sum's rounding. */
  private static final double JSON_ROUNDING = 2e-6;

  /** The query in operations.md, over the output root {@code work-out/local}. */
  private static final String BY_MODEL =
      """
      SELECT round, model, SUM(cost_usd) AS usd, SUM(prompt_tokens) AS prompt, SUM(completion_tokens) AS completion
      FROM (SELECT round, model, cost_usd, prompt_tokens, completion_tokens FROM parquet.`work-out/local/responses`
            UNION ALL
            SELECT round, judge_model, cost_usd, prompt_tokens, completion_tokens FROM parquet.`work-out/local/scores`)
      GROUP BY round, model ORDER BY usd DESC NULLS LAST
      """;

  @TempDir Path dir;

  @Test
  void rowsCarryTheirTokensAndCostAndAddUpToTheMetricsPerStageAndEndpoint() throws Exception {
    Path out = dir.resolve("out");
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir)) {
      Path prompts = sim.importPrompts("c", 10, i -> "Question " + i + " about glaciers?");
      // The generator is priced and answers, talks and judges; the reward model is not priced.
      sim.run(
          sim.config(
              "conf/judges.yaml",
              "output.report=false",
              "exports.enabled=false",
              "prompts.import=" + prompts,
              "prompts.extra-imports=[]",
              "responses.per-prompt=2",
              "dialogues.turns=2",
              "endpoints.generator.price.input-per-mtok=" + INPUT,
              "endpoints.generator.price.output-per-mtok=" + OUTPUT,
              "run.partitions=2"));
    }
    JsonNode metrics = new JsonMapper().readTree(out.resolve("_metrics.json").toFile());
    JsonNode stages = metrics.path("stages");
    // every call the metrics counted made a row: no failure spent tokens without one
    assertThat(table(out, Tables.FAILURES).count()).isZero();

    // A priced endpoint: each row costs its tokens at the price.
    Dataset<Row> responses = table(out, Tables.RESPONSES);
    assertThat(responses.count()).isEqualTo(20);
    for (Row r : responses.collectAsList()) {
      long prompt = r.getAs("prompt_tokens");
      long completion = r.getAs("completion_tokens");
      assertThat(prompt).isPositive();
      assertThat(completion).isPositive();
      assertThat((Double) r.getAs("cost_usd"))
          .isCloseTo((prompt * INPUT + completion * OUTPUT) / 1e6, within(1e-12));
    }
    // An unpriced endpoint: tokens, and no cost.
    Dataset<Row> scores = table(out, Tables.SCORES);
    assertThat(scores.count()).isEqualTo(20);
    assertThat(scores.where(col("cost_usd").isNotNull()).count()).isZero();
    assertThat(scores.where(col("prompt_tokens").leq(0)).count()).isZero();
    assertThat(metrics.path("endpoints").path("reward").path("cost-usd").isNull()).isTrue();

    double responsesCost = sumCost(out, Tables.RESPONSES);
    double judgementsCost = sumCost(out, Tables.JUDGEMENTS);
    double dialoguesCost = sumCost(out, Tables.DIALOGUES);
    assertThat(table(out, Tables.JUDGEMENTS).count()).isPositive();
    assertThat(table(out, Tables.DIALOGUES).count()).isEqualTo(10);
    assertThat(judgementsCost).isPositive();
    assertThat(dialoguesCost).isPositive();

    // Each table's rows add up to its stage's tokens and cost.
    for (String t : List.of(Tables.RESPONSES, Tables.SCORES, Tables.JUDGEMENTS, Tables.DIALOGUES)) {
      JsonNode stage = stages.path(t);
      Row sums = table(out, t).agg(sum("prompt_tokens"), sum("completion_tokens")).first();
      assertThat(sums.getLong(0)).as(t).isEqualTo(stage.path("prompt-tokens").asLong());
      assertThat(sums.getLong(1)).as(t).isEqualTo(stage.path("completion-tokens").asLong());
      assertThat(sumCost(out, t))
          .as(t)
          .isCloseTo(stage.path("cost-usd").asDouble(), within(JSON_ROUNDING));
    }
    // The dialogues' reward calls count their tokens, not dollars: the priced part of each row.
    JsonNode dialogueRewards = stages.path(Tables.DIALOGUES).path("endpoints").path("reward");
    assertThat(dialogueRewards.path("prompt-tokens").asLong()).isPositive();
    assertThat(dialogueRewards.path("cost-usd").asDouble()).isZero();
    // Per endpoint: the generator's cost is its rows' across the three tables it served.
    assertThat(responsesCost + judgementsCost + dialoguesCost)
        .isCloseTo(
            metrics.path("endpoints").path("generator").path("cost-usd").asDouble(),
            within(JSON_ROUNDING));
    assertThat(responsesCost)
        .isCloseTo(
            stages
                .path(Tables.RESPONSES)
                .path("endpoints")
                .path("generator")
                .path("cost-usd")
                .asDouble(),
            within(JSON_ROUNDING));

    // The query of the manual (operations.md): cost by round and model.
    List<Row> byModel =
        spark().sql(BY_MODEL.replace("work-out/local", out.toString())).collectAsList();
    assertThat(byModel).hasSize(2).allSatisfy(r -> assertThat(r.getInt(0)).isEqualTo(1));
    assertThat(byModel.get(0).getString(1)).endsWith("simulated-instruct");
    assertThat(byModel.get(0).getDouble(2)).isCloseTo(responsesCost, within(1e-12));
    assertThat(byModel.get(1).getString(1)).endsWith("simulated-reward");
    assertThat(byModel.get(1).isNullAt(2)).isTrue();
    assertThat(byModel.get(1).getLong(3))
        .isEqualTo(stages.path(Tables.SCORES).path("prompt-tokens").asLong());
  }

  private double sumCost(Path out, String name) {
    Row sum = table(out, name).agg(sum("cost_usd")).first();
    return sum.isNullAt(0) ? 0.0 : sum.getDouble(0);
  }

  private Dataset<Row> table(Path out, String name) {
    return RunInvariants.table(spark(), out, name);
  }
}
