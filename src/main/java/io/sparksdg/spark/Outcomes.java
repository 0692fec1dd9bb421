package io.sparksdg.spark;

import io.sparksdg.io.RecordSchema;
import io.sparksdg.io.Tables;
import io.sparksdg.pipeline.Outcome;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Outcome rows: {@code (ok, failure)} with exactly one set. */
final class Outcomes {

  private Outcomes() {}

  static <T extends Record> Row toRow(Outcome<T> outcome, RecordSchema<T> schema) {
    if (outcome instanceof Outcome.Ok<T> ok) {
      return RowFactory.create(schema.toRow(ok.value()), null);
    }
    Outcome.Failed<T> failed = (Outcome.Failed<T>) outcome;
    return RowFactory.create(null, Tables.FAILURE.toRow(failed.failure()));
  }
}
