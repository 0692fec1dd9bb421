package io.sparksdg.spark.tables;

import io.sparksdg.records.Outcome;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Outcome rows: an {@code ok} and a {@code failure} struct with exactly one set. */
public final class Outcomes {

  /** Column of every outcome row: the deterministic id of the work item it answers. */
  public static final String WORK_ID = "work_id";

  private Outcomes() {}

  /** The schema of {@code (work_id, ok, failure)} rows of a step whose rows are {@code schema}. */
  public static StructType schema(RecordSchema<?> schema) {
    return new StructType()
        .add(WORK_ID, DataTypes.StringType, false)
        .add("ok", schema.schema(), true)
        .add("failure", Tables.FAILURE.schema(), true);
  }

  /** {@code (work_id, ok, failure)}: a model call's outcome under its work item's id. */
  public static <T extends Record> Row toRow(
      String workId, Outcome<T> outcome, RecordSchema<T> schema) {
    return RowFactory.create(workId, ok(outcome, schema), failure(outcome));
  }

  /** {@code (ok, failure, line)}: an imported line's outcome with its line number. */
  public static <T extends Record> Row toRow(
      Outcome<T> outcome, RecordSchema<T> schema, long line) {
    return RowFactory.create(ok(outcome, schema), failure(outcome), line);
  }

  private static <T extends Record> Row ok(Outcome<T> outcome, RecordSchema<T> schema) {
    return outcome instanceof Outcome.Ok<T> ok ? schema.toRow(ok.value()) : null;
  }

  private static Row failure(Outcome<?> outcome) {
    return outcome instanceof Outcome.Failed<?> failed
        ? Tables.FAILURE.toRow(failed.failure())
        : null;
  }
}
