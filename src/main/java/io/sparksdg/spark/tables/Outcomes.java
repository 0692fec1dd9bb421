package io.sparksdg.spark.tables;

import io.sparksdg.records.Outcome;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Outcome rows: {@code (ok, failure)} with exactly one set. */
public final class Outcomes {

  private Outcomes() {}

  public static <T extends Record> Row toRow(Outcome<T> outcome, RecordSchema<T> schema) {
    if (outcome instanceof Outcome.Ok<T> ok) {
      return RowFactory.create(schema.toRow(ok.value()), null);
    }
    Outcome.Failed<T> failed = (Outcome.Failed<T>) outcome;
    return RowFactory.create(null, Tables.FAILURE.toRow(failed.failure()));
  }
}
