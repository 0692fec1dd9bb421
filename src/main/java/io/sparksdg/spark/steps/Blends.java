package io.sparksdg.spark.steps;

import io.sparksdg.config.SftConfig;
import io.sparksdg.spark.tables.Rows;
import io.sparksdg.stages.curation.SftBlends;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
      counts.put(Rows.string(r, "task"), Rows.longValue(r, "count"));
    }
    Map<String, Long> quotas = SftBlends.quotas(counts, blend);
    LOG.info("Blend {}: keeping {} of {} rows per family", name, quotas, counts);
    return QuotaCut.keep(sft, "task", "response_id", quotas);
  }
}
