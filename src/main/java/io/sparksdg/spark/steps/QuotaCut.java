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
 * The hash-ranked quota cut: within each group, rows are ordered by a hash of their id (and an
 * optional salt such as the run seed), ties broken by the id, and the first rows up to the group's
 * quota are kept. The order is deterministic and unrelated to how the rows were made, so a cut
 * takes the same rows on every run and on any partitioning.
 */
public final class QuotaCut {

  private static final String RANK = "_quota_rank";

  private QuotaCut() {}

  /**
   * {@code data} with an int column {@code rankColumn}: the row's 1-based position in its group
   * ({@code groupColumns}) in the order of {@code xxhash64(id, hashSalt...)}, then the id.
   */
  public static Dataset<Row> rank(
      Dataset<Row> data,
      String rankColumn,
      List<String> groupColumns,
      String idColumn,
      Column... hashSalt) {
    List<Column> hashed = new ArrayList<>();
    hashed.add(col(idColumn));
    hashed.addAll(List.of(hashSalt));
    Column[] groups = groupColumns.stream().map(c -> col(c)).toArray(Column[]::new);
    return data.withColumn(
        rankColumn,
        row_number()
            .over(
                Window.partitionBy(groups)
                    .orderBy(xxhash64(hashed.toArray(Column[]::new)), col(idColumn))));
  }

  /**
   * True for a row whose group ({@code groupColumn}) has a quota and whose {@code rankColumn} is
   * within it; false for the rows of groups without a quota.
   */
  public static Column withinQuota(
      String groupColumn, String rankColumn, Map<String, Long> quotas) {
    Column keep = lit(false);
    for (Map.Entry<String, Long> q : quotas.entrySet()) {
      keep = keep.or(col(groupColumn).equalTo(q.getKey()).and(col(rankColumn).leq(q.getValue())));
    }
    return keep;
  }

  /**
   * The first {@code quotas.get(g)} rows of each group {@code g} in the order of a hash of the id;
   * groups without a quota keep nothing. The columns are those of {@code data}.
   */
  public static Dataset<Row> keep(
      Dataset<Row> data,
      String groupColumn,
      String idColumn,
      Map<String, Long> quotas,
      Column... hashSalt) {
    return rank(data, RANK, List.of(groupColumn), idColumn, hashSalt)
        .where(withinQuota(groupColumn, RANK, quotas))
        .drop(RANK);
  }
}
