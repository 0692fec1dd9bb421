package io.sparksdg.spark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.io.Tables;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
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
   * responses or in failures, never both.
   */
  static void check(SparkSession spark, Path root, int perPrompt) {
    for (String[] t :
        List.of(
            new String[] {Tables.PROMPTS, "prompt_id"},
            new String[] {Tables.RESPONSES, "response_id"},
            new String[] {Tables.SCORES, "response_id"},
            new String[] {Tables.SFT, "response_id"},
            new String[] {Tables.PREFERENCES, "prompt_id"})) {
      Dataset<Row> rows = table(spark, root, t[0]);
      assertThat(rows.count())
          .as("unique %s in %s", t[1], t[0])
          .isEqualTo(rows.select(t[1]).distinct().count());
    }
    Dataset<Row> failures = table(spark, root, Tables.FAILURES);
    assertThat(failures.count())
        .isEqualTo(failures.select("stage", "record_id").distinct().count());
    Set<String> complete =
        new HashSet<>(
            table(spark, root, Tables.SCORES)
                .groupBy("prompt_id")
                .count()
                .where(col("count").equalTo(perPrompt))
                .select("prompt_id")
                .as(Encoders.STRING())
                .collectAsList());
    Set<String> failed =
        new HashSet<>(
            failures
                .where(col("prompt_id").isNotNull())
                .select("prompt_id")
                .distinct()
                .as(Encoders.STRING())
                .collectAsList());
    for (String prompt :
        table(spark, root, Tables.PROMPTS)
            .select("prompt_id")
            .as(Encoders.STRING())
            .collectAsList()) {
      assertThat(complete.contains(prompt) ^ failed.contains(prompt))
          .as("prompt %s has all its scored responses xor is in failures", prompt)
          .isTrue();
    }
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
