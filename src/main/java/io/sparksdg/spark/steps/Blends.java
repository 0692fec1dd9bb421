package io.sparksdg.spark.steps;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import io.sparksdg.config.SftConfig;
import io.sparksdg.stages.curation.SftBlends;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Staged SFT blends: the rows of {@code sft} each blend keeps, chosen by a hash of the row id. */
public final class Blends {

  private static final Logger LOG = LoggerFactory.getLogger(Blends.class);

  private Blends() {}

  /** The rows of {@code sft} in this blend: per family, its quota by a hash of the row id. */
  public static Dataset<Row> select(Dataset<Row> sft, String name, SftConfig.Blend blend) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Row r : sft.groupBy("task").count().orderBy("task").collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
    }
    Map<String, Long> quotas = SftBlends.quotas(counts, blend);
    LOG.info("Blend {}: keeping {} of {} rows per family", name, quotas, counts);
    return keepPerGroup(sft, quotas, "task", "response_id");
  }

  /**
   * The first {@code quotas.get(g)} rows of each group {@code g} in the order of a hash of the id
   * (deterministic, and unrelated to how the rows were made); groups without a quota keep nothing.
   */
  static Dataset<Row> keepPerGroup(
      Dataset<Row> data, Map<String, Long> quotas, String group, String id) {
    Column keep = lit(false);
    for (Map.Entry<String, Long> q : quotas.entrySet()) {
      keep = keep.or(col(group).equalTo(q.getKey()).and(col("_rank").leq(q.getValue())));
    }
    return data.withColumn(
            "_rank",
            row_number().over(Window.partitionBy(group).orderBy(xxhash64(col(id)), col(id))))
        .where(keep)
        .drop("_rank");
  }
}
