package io.sparksdg.spark.steps;

import io.sparksdg.spark.run.RunContext;
import io.sparksdg.stages.curation.HumanReview;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Rows of {@code sft} or {@code preferences} after the reviewers' verdicts. */
final class ReviewedRows {

  private ReviewedRows() {}

  static Dataset<Row> of(RunContext run, Dataset<Row> data, HumanReview review, String table) {
    if (review.isEmpty()) {
      return data;
    }
    Review.Applied applied = Review.apply(run.keep("unreviewed-" + table, data), review, table);
    run.count("reviews_" + table, applied.matched());
    return applied.rows();
  }
}
