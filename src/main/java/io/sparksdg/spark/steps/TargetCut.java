package io.sparksdg.spark.steps;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.sparksdg.config.TargetConfig;
import io.sparksdg.spark.run.RunContext;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * With {@code target.accepted}, the table the target counts ({@code sft}, or {@code preferences}
 * with {@code target.on: preferences}) keeps exactly that many of its accepted rows, or all when
 * fewer: the first in the order of a hash of their id and the run seed ({@link QuotaCut}), so the
 * same attempts keep the same rows on every run. The rest are counted as {@code target_surplus} (by
 * the rounds), not kept.
 */
final class TargetCut {

  private TargetCut() {}

  /** {@code rows} of {@code table} cut to the target, or as they are when it counts another. */
  static Dataset<Row> of(RunContext run, Dataset<Row> rows, String table, String idColumn) {
    TargetConfig target = run.config().target();
    if (!target.cuts(table)) {
      return rows;
    }
    String group = "_target";
    return QuotaCut.keep(
            rows.withColumn(group, lit(target.on())),
            group,
            idColumn,
            Map.of(target.on(), target.accepted()),
            lit(run.config().run().seed()))
        .drop(group);
  }

  /**
   * The {@code pair_candidates} rows with the kept pairs the cut left out of {@code preferences}
   * marked as not kept, with the reason; every other column and row as it is.
   *
   * @param cut the rows of {@code preferences} the cut kept
   */
  static Dataset<Row> markSurplus(RunContext run, Dataset<Row> candidates, Dataset<Row> cut) {
    String reason =
        "over target.accepted "
            + run.config().target().accepted()
            + ": left out by the cut on a hash of pair_id";
    Dataset<Row> keptIds = cut.select(col("pair_id").as("_cut_pair_id"));
    Column surplus = col("kept").and(col("_cut_pair_id").isNull());
    Column[] columns =
        Arrays.stream(candidates.columns())
            .map(
                c ->
                    switch (c) {
                      case "kept" -> when(surplus, lit(false)).otherwise(col(c)).as(c);
                      case "drop_reason" -> when(surplus, lit(reason)).otherwise(col(c)).as(c);
                      default -> col(c);
                    })
            .toArray(Column[]::new);
    return candidates
        .join(keptIds, col("pair_id").equalTo(col("_cut_pair_id")), "left")
        .select(columns);
  }
}
