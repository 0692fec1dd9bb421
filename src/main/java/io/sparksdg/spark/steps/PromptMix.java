package io.sparksdg.spark.steps;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.tables.Rows;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.prompts.FamilyMix;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts each family to its share of {@code prompts.mix}: with weights w, the largest total T the
 * families' outputs allow, family f keeping floor(T * w_f / sum w) of its prompts ({@link
 * FamilyMix}), chosen by a hash of the prompt id. Cut prompts are committed whole to {@code
 * mix_cuts}, never dropped silently.
 */
final class PromptMix {

  private static final Logger LOG = LoggerFactory.getLogger(PromptMix.class);

  private PromptMix() {}

  /** The prompts kept by the mix; all of them when there are no weights. */
  static Dataset<Row> cut(RunContext run, Dataset<Row> prompts, Map<String, Double> weights) {
    if (weights.isEmpty()) {
      return prompts;
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Row r : prompts.groupBy("task").count().collectAsList()) {
      counts.put(Rows.string(r, "task"), Rows.longValue(r, "count"));
    }
    Map<String, Long> quotas = FamilyMix.quotas(counts, weights);
    Column quota = lit(0L);
    for (String task : counts.keySet()) {
      long n = quotas.get(task);
      LOG.info(
          "Mix: {} keeps {} of {} prompts, cuts {}",
          task,
          n,
          counts.get(task),
          counts.get(task) - n);
      quota = when(col("task").equalTo(task), lit(n)).otherwise(quota);
    }
    Dataset<Row> ranked =
        run.keep("prompts-mix", QuotaCut.rank(prompts, "_rank", List.of("task"), "prompt_id"));
    Column keep = QuotaCut.withinQuota("task", "_rank", quotas);
    // A cut prompt's rank in its family's hash order was past the family's quota.
    run.write(
        Tables.MIX_CUTS,
        ranked
            .where(not(keep))
            .withColumn("rank", col("_rank").cast(DataTypes.LongType))
            .withColumn("quota", quota)
            .drop("_rank"));
    return ranked.where(keep).drop("_rank");
  }
}
