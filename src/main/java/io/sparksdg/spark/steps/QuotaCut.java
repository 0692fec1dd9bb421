package io.sparksdg.spark.steps;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The deterministic quota cut: rows ranked within their group by a hash of their id (and a salt),
 * so a cut to N per group keeps the same rows on every run and no group's first rows are favoured.
 */
public final class QuotaCut {

  private QuotaCut() {}

  /**
   * {@code data} with a 1-based {@code rankColumn} per group, ordered by {@code xxhash64(id,
   * salt...)}, then by the id.
   */
  public static Dataset<Row> rank(
      Dataset<Row> data,
      String rankColumn,
      List<String> groupColumns,
      String idColumn,
      Column... salt) {
    List<Column> hashed = new ArrayList<>();
    hashed.add(col(idColumn));
    hashed.addAll(List.of(salt));
    Column[] groups = groupColumns.stream().map(c -> col(c)).toArray(Column[]::new);
    return data.withColumn(
        rankColumn,
        row_number()
            .over(
                Window.partitionBy(groups)
                    .orderBy(xxhash64(hashed.toArray(Column[]::new)), col(idColumn))));
  }

  /** Whether a ranked row is within its group's quota; groups without a quota keep nothing. */
  public static Column within(Map<String, Long> quotas, String groupColumn, String rankColumn) {
    Column keep = lit(false);
    for (Map.Entry<String, Long> q : quotas.entrySet()) {
      keep = keep.or(col(groupColumn).equalTo(q.getKey()).and(col(rankColumn).leq(q.getValue())));
    }
    return keep;
  }
}
