package io.sparksdg.spark.steps;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.spark.job.SparkTestBase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The quota cut ranks and keeps rows in the order of xxhash64 of the id (and salt), then the id.
 */
class QuotaCutTest extends SparkTestBase {

  private static final StructType SCHEMA =
      new StructType()
          .add("group", DataTypes.StringType, false)
          .add("id", DataTypes.StringType, false)
          .add("payload", DataTypes.IntegerType, false);

  private Dataset<Row> input() {
    List<Row> rows = new ArrayList<>();
    int n = 0;
    for (String group : List.of("a", "b", "c")) {
      for (int i = 0; i < 8; i++) {
        rows.add(RowFactory.create(group, group + "-" + i, n++));
      }
    }
    return spark().createDataFrame(rows, SCHEMA);
  }

  /** Ids per group in the order of {@code xxhash64(id, salt...)}, then the id, computed here. */
  private Map<String, List<String>> expectedOrder(Column... salt) {
    List<Column> hashed = new ArrayList<>(List.of(col("id")));
    hashed.addAll(List.of(salt));
    record Hashed(String group, String id, long hash) {}
    List<Hashed> all = new ArrayList<>();
    for (Row r :
        input()
            .select(col("group"), col("id"), xxhash64(hashed.toArray(Column[]::new)).as("h"))
            .collectAsList()) {
      all.add(new Hashed(r.getAs("group"), r.getAs("id"), r.<Long>getAs("h")));
    }
    all.sort(Comparator.comparingLong(Hashed::hash).thenComparing(Hashed::id));
    Map<String, List<String>> order = new TreeMap<>();
    all.forEach(h -> order.computeIfAbsent(h.group(), g -> new ArrayList<>()).add(h.id()));
    return order;
  }

  private static Map<String, List<String>> rankedOrder(Dataset<Row> ranked, String rankColumn) {
    Map<String, List<String>> order = new TreeMap<>();
    for (Row r : ranked.orderBy(col("group"), col(rankColumn)).collectAsList()) {
      List<String> ids = order.computeIfAbsent(r.getAs("group"), g -> new ArrayList<>());
      assertThat(r.<Integer>getAs(rankColumn)).isEqualTo(ids.size() + 1);
      ids.add(r.getAs("id"));
    }
    return order;
  }

  @Test
  void ranksEachGroupFromOneInTheOrderOfTheHashOfTheIdThenTheId() {
    Map<String, List<String>> expected = expectedOrder();
    // The hash order is not the id order, so a cut by id would fail this test.
    assertThat(expected.get("a")).isNotEqualTo(expected.get("a").stream().sorted().toList());

    Dataset<Row> ranked = QuotaCut.rank(input(), "rank", List.of("group"), "id");

    assertThat(ranked.columns()).containsExactly("group", "id", "payload", "rank");
    assertThat(rankedOrder(ranked, "rank")).isEqualTo(expected);
  }

  @Test
  void hashesTheSaltWithTheId() {
    Map<String, List<String>> salted = expectedOrder(lit(7L));
    assertThat(salted).isNotEqualTo(expectedOrder());

    Dataset<Row> ranked = QuotaCut.rank(input(), "rank", List.of("group"), "id", lit(7L));

    assertThat(rankedOrder(ranked, "rank")).isEqualTo(salted);
  }

  @Test
  void ranksWithinEachCombinationOfSeveralGroupColumns() {
    Dataset<Row> data = input().withColumn("half", col("payload").mod(2));
    Dataset<Row> ranked = QuotaCut.rank(data, "r", List.of("group", "half"), "id");

    Map<String, List<String>> order = new TreeMap<>();
    for (Row r : ranked.orderBy(col("group"), col("half"), col("r")).collectAsList()) {
      String key = r.getAs("group") + "/" + r.getAs("half");
      List<String> ids = order.computeIfAbsent(key, k -> new ArrayList<>());
      assertThat(r.<Integer>getAs("r")).isEqualTo(ids.size() + 1);
      ids.add(r.getAs("id"));
    }
    Map<String, List<String>> expected = new TreeMap<>();
    expectedOrder()
        .forEach(
            (group, ids) ->
                ids.forEach(
                    id ->
                        expected
                            .computeIfAbsent(
                                group + "/" + Integer.parseInt(id.substring(2)) % 2,
                                k -> new ArrayList<>())
                            .add(id)));
    assertThat(order).isEqualTo(expected);
  }

  @Test
  void keepsEachGroupsQuotaFromTheFrontOfTheHashOrderAndNothingOfGroupsWithoutOne() {
    Map<String, List<String>> expected = expectedOrder();

    Dataset<Row> kept = QuotaCut.keep(input(), "group", "id", Map.of("a", 3L, "b", 0L));

    assertThat(kept.columns()).containsExactly("group", "id", "payload");
    List<String> ids =
        kept.orderBy("id").collectAsList().stream().map(r -> r.<String>getAs("id")).toList();
    assertThat(ids).isEqualTo(expected.get("a").subList(0, 3).stream().sorted().toList());
  }

  @Test
  void keepsWithASaltedHashWhenGivenOne() {
    Map<String, List<String>> salted = expectedOrder(lit(11L));

    Dataset<Row> kept = QuotaCut.keep(input(), "group", "id", Map.of("b", 2L, "c", 20L), lit(11L));

    List<String> ids =
        kept.orderBy("id").collectAsList().stream().map(r -> r.<String>getAs("id")).toList();
    List<String> want = new ArrayList<>(salted.get("b").subList(0, 2));
    want.addAll(salted.get("c"));
    assertThat(ids).isEqualTo(want.stream().sorted().toList());
  }
}
