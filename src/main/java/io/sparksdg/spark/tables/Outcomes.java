package io.sparksdg.spark.tables;

import io.sparksdg.records.Outcome;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Outcome rows: an {@code ok} and a {@code failure} struct with exactly one set. */
public final class Outcomes {

  private Outcomes() {}

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
