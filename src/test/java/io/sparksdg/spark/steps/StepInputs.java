package io.sparksdg.spark.steps;

import io.sparksdg.records.PromptRecord;
import io.sparksdg.spark.tables.RecordSchema;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Small input tables for running one step at a time, built from records. */
final class StepInputs {

  private StepInputs() {}

  /** A one-turn prompt; {@code answerKey} null for none. */
  static PromptRecord prompt(String id, String task, String text, String answerKey) {
    return PromptRecord.userTurn(id, "src-" + id, task, text, answerKey, null);
  }

  /** {@code records} as a table of {@code schema}. */
  @SafeVarargs
  static <T extends Record> Dataset<Row> table(
      SparkSession spark, RecordSchema<T> schema, T... records) {
    return spark.createDataFrame(
        List.of(records).stream().map(schema::toRow).toList(), schema.schema());
  }
}
