package io.sparksdg.spark.steps;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.sparksdg.records.PromptRecord;
import io.sparksdg.spark.exec.RecordFunctions;
import io.sparksdg.spark.exec.Target;
import io.sparksdg.spark.run.ModelStep;
import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.tables.Rows;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.curation.SafetyPolicy;
import io.sparksdg.stages.judging.ScreenSafetyStage;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark side of safety screening: one guard call per prompt and per response, as work items of
 * a resumable step whose table is {@code safety}; the verdicts joined onto the scored rows as
 * {@code prompt_safety} and {@code response_safety} for the SFT filter and pairing.
 */
public final class SafetyScreening {

  static final String PROMPT_SAFETY = RecordFunctions.PROMPT_SAFETY;
  static final String RESPONSE_SAFETY = RecordFunctions.RESPONSE_SAFETY;

  /** A guard work item: a prompt, and the response to screen or null for the prompt itself. */
  static final StructType WORK =
      new StructType()
          .add(ModelStep.WORK_ID, DataTypes.StringType, false)
          .add("prompt", Tables.PROMPT.schema(), false)
          .add("response", Tables.RESPONSE.schema(), true);

  private SafetyScreening() {}

  /** The guard's stage at {@code target}. */
  static ScreenSafetyStage stage(Target target) {
    return new ScreenSafetyStage(target.config().model(), RunContext.greedy(target.config()));
  }

  /** One work item per prompt and one per response. */
  public static Dataset<Row> work(
      ScreenSafetyStage stage, Dataset<Row> prompts, Dataset<Row> responses) {
    Dataset<Row> promptItems =
        prompts.map(
            (MapFunction<Row, Row>)
                row -> {
                  PromptRecord p = Tables.PROMPT.fromRow(row);
                  return RowFactory.create(
                      stage.safetyId(ScreenSafetyStage.PROMPT, p.promptId()),
                      Tables.PROMPT.toRow(p),
                      null);
                },
            Encoders.row(WORK));
    Dataset<Row> promptStructs =
        prompts.select(
            col("prompt_id").as("p_id"), RunContext.asStruct(prompts, Tables.PROMPT, "prompt"));
    Dataset<Row> responseItems =
        responses
            .join(promptStructs, responses.col("prompt_id").equalTo(col("p_id")))
            .select(
                col("response_id").as("r_id"),
                col("prompt"),
                RunContext.asStruct(responses, Tables.RESPONSE, "response"))
            .map(
                (MapFunction<Row, Row>)
                    row ->
                        RowFactory.create(
                            stage.safetyId(ScreenSafetyStage.RESPONSE, Rows.string(row, "r_id")),
                            Rows.struct(row, "prompt"),
                            Rows.struct(row, "response")),
                Encoders.row(WORK));
    return promptItems.unionByName(responseItems);
  }

  /**
   * The scored rows {@code (prompt, response, score)} with the guard's verdicts on the prompt and
   * the response as two more columns; null columns when {@code safety} is null (screening off).
   */
  public static Dataset<Row> annotate(Dataset<Row> scored, Dataset<Row> safety) {
    if (safety == null) {
      return scored
          .withColumn(PROMPT_SAFETY, lit(null).cast(DataTypes.StringType))
          .withColumn(RESPONSE_SAFETY, lit(null).cast(DataTypes.StringType));
    }
    Dataset<Row> prompts = promptVerdicts(safety);
    Dataset<Row> responses =
        safety
            .where(col("target").equalTo(ScreenSafetyStage.RESPONSE))
            .select(col("response_id").as("_sr_id"), col("verdict").as(RESPONSE_SAFETY));
    return scored
        .join(prompts, col("prompt.prompt_id").equalTo(col("_sp_id")), "left")
        .join(responses, col("response.response_id").equalTo(col("_sr_id")), "left")
        .select(
            col("prompt"), col("response"), col("score"), col(PROMPT_SAFETY), col(RESPONSE_SAFETY));
  }

  /** Unsafe prompts and unsafe responses in the {@code safety} table. */
  public static long[] unsafeCounts(Dataset<Row> safety) {
    long prompts = 0;
    long responses = 0;
    for (Row r :
        safety
            .where(col("verdict").equalTo(io.sparksdg.judge.SafetyVerdict.UNSAFE))
            .groupBy("target")
            .count()
            .collectAsList()) {
      if (ScreenSafetyStage.PROMPT.equals(Rows.string(r, "target"))) {
        prompts = Rows.longValue(r, "count");
      } else {
        responses = Rows.longValue(r, "count");
      }
    }
    return new long[] {prompts, responses};
  }

  /**
   * Kept dialogues the policy lets into {@code sft}, with their prompt's verdict as {@code
   * prompt_safety}; all of them when screening is off.
   */
  public static Dataset<Row> screenDialogues(
      Dataset<Row> dialogues, Dataset<Row> safety, SafetyPolicy policy) {
    if (safety == null) {
      return dialogues;
    }
    return dialogues
        .join(promptVerdicts(safety), col("prompt_id").equalTo(col("_sp_id")), "left")
        .drop("_sp_id")
        .filter(
            (FilterFunction<Row>)
                row -> policy.dialogueDropReason(row.getAs(PROMPT_SAFETY)) == null);
  }

  /** The prompt verdicts as {@code (_sp_id, prompt_safety)}. */
  static Dataset<Row> promptVerdicts(Dataset<Row> safety) {
    return safety
        .where(col("target").equalTo(ScreenSafetyStage.PROMPT))
        .select(col("prompt_id").as("_sp_id"), col("verdict").as(PROMPT_SAFETY));
  }
}
