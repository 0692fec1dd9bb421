package io.sparksdg.spark.steps;

import static org.apache.spark.sql.functions.col;

import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.tables.Rows;
import io.sparksdg.spark.tables.Tables;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.KeyValueGroupedDataset;
import org.apache.spark.sql.Row;

/**
 * The scored responses the curation steps read: rows {@code (prompt, response, score,
 * prompt_safety, response_safety)}, one per scored response.
 */
public final class ScoredRows {

  private ScoredRows() {}

  /**
   * @param safety the committed {@code safety} table, or null when screening is off (the safety
   *     columns are then null)
   */
  public static Dataset<Row> of(
      Dataset<Row> prompts, Dataset<Row> responses, Dataset<Row> scores, Dataset<Row> safety) {
    Dataset<Row> p =
        prompts.select(
            col("prompt_id").as("p_id"), RunContext.asStruct(prompts, Tables.PROMPT, "prompt"));
    Dataset<Row> r =
        responses.select(
            col("response_id").as("r_id"),
            col("prompt_id").as("r_prompt_id"),
            RunContext.asStruct(responses, Tables.RESPONSE, "response"));
    Dataset<Row> s =
        scores.select(
            col("response_id").as("s_id"), RunContext.asStruct(scores, Tables.SCORE, "score"));
    Dataset<Row> scored =
        s.join(r, col("s_id").equalTo(col("r_id")))
            .join(p, col("r_prompt_id").equalTo(col("p_id")))
            .select("prompt", "response", "score");
    return SafetyScreening.annotate(scored, safety);
  }

  /** Scored rows grouped by their prompt's id. */
  static KeyValueGroupedDataset<String, Row> byPrompt(Dataset<Row> scored) {
    return scored.groupByKey(
        (MapFunction<Row, String>) row -> Rows.struct(row, "prompt").getAs("prompt_id"),
        Encoders.STRING());
  }
}
