package io.sparksdg.spark.steps;

import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.tables.Tables;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The {@code failures} table: every step's failed records, one row per stage and record. */
public final class FailuresStep {

  private final RunContext run;

  public FailuresStep(RunContext run) {
    this.run = run;
  }

  /** Returns how many records failed. */
  public long run() {
    run.describe("failures", "Collect failures");
    Dataset<Row> all = run.spark().createDataFrame(List.of(), Tables.FAILURE.schema());
    for (Dataset<Row> f : run.failures()) {
      all = all.unionByName(f);
    }
    run.write(Tables.FAILURES, all.dropDuplicates("stage", "record_id").coalesce(1));
    return run.rows().get(Tables.FAILURES);
  }
}
