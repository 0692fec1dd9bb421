package io.sparksdg.spark.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.spark.tables.Tables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The promises every run keeps, checked on its output root. */
final class RunInvariants {

  private RunInvariants() {}

  static Dataset<Row> table(SparkSession spark, Path root, String name) {
    return spark.read().parquet(root.resolve(name).toString());
  }

  /**
   * No table holds two rows with one id, and every prompt ends with {@code perPrompt} scored
   * responses or in failures, never both. Each table is read once and checked here (test outputs
   * are small).
   */
  static void check(SparkSession spark, Path root, int perPrompt) {
    List<String> prompts = ids(spark, root, Tables.PROMPTS, "prompt_id");
    assertThat(prompts).as("unique prompt_id in prompts").doesNotHaveDuplicates();
    for (String table : List.of(Tables.RESPONSES, Tables.SCORES, Tables.SFT)) {
      assertThat(ids(spark, root, table, "response_id"))
          .as("unique response_id in %s", table)
          .doesNotHaveDuplicates();
    }
    assertThat(ids(spark, root, Tables.PREFERENCES, "prompt_id"))
        .as("unique prompt_id in preferences")
        .doesNotHaveDuplicates();
    Set<String> failed = new HashSet<>();
    List<String> failureKeys = new ArrayList<>();
    for (Row r :
        table(spark, root, Tables.FAILURES)
            .select("stage", "record_id", "prompt_id")
            .collectAsList()) {
      failureKeys.add(r.getString(0) + "/" + r.getString(1));
      if (!r.isNullAt(2)) {
        failed.add(r.getString(2));
      }
    }
    assertThat(failureKeys).as("unique (stage, record_id) in failures").doesNotHaveDuplicates();
    Map<String, Long> scored = new HashMap<>();
    for (String prompt : ids(spark, root, Tables.SCORES, "prompt_id")) {
      scored.merge(prompt, 1L, Long::sum);
    }
    for (String prompt : prompts) {
      boolean complete = scored.getOrDefault(prompt, 0L) == perPrompt;
      assertThat(complete ^ failed.contains(prompt))
          .as("prompt %s has all its scored responses xor is in failures", prompt)
          .isTrue();
    }
  }

  private static List<String> ids(SparkSession spark, Path root, String table, String column) {
    return table(spark, root, table).select(column).as(Encoders.STRING()).collectAsList();
  }

  /** A table's rows without the run fingerprint, sorted, for comparing two runs. */
  static List<Row> content(SparkSession spark, Path root, String name, String... ignore) {
    Dataset<Row> rows = table(spark, root, name).drop(Tables.FINGERPRINT);
    for (String column : ignore) {
      rows = rows.drop(column);
    }
    return rows.orderBy(rows.columns()[0]).collectAsList();
  }
}
