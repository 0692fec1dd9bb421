package io.sparksdg.spark.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.config.DedupConfig;
import io.sparksdg.prompts.Duplicates;
import io.sparksdg.prompts.MinHash;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.spark.job.SparkTestBase;
import io.sparksdg.spark.tables.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Spark's dedup removes exactly what the plain-Java rule removes, against the same survivors. */
class PromptDedupTest extends SparkTestBase {

  private static final String[] WORDS =
      "tide moon salt wave reef shore kelp crab storm wind current sand rock pool fish bird net boat"
          .split(" ");

  @Test
  void removesTheSameDuplicatesAsThePlainJavaRuleAndRecordsEachOne() {
    Random rnd = new Random(3);
    Map<String, String> texts = new LinkedHashMap<>();
    List<String> originals = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String text;
      if (!originals.isEmpty() && rnd.nextDouble() < 0.2) {
        String earlier = originals.get(rnd.nextInt(originals.size()));
        text =
            switch (rnd.nextInt(3)) {
              case 0 -> earlier;
              case 1 -> earlier.toUpperCase() + "!";
              default -> earlier.replaceFirst(" the ", " a ");
            };
      } else {
        StringBuilder b = new StringBuilder("Why does the");
        for (int w = 0; w < 8; w++) {
          b.append(' ').append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        text = b.append(" change over the seasons?").toString();
        originals.add(text);
      }
      texts.put(String.format("p%04d", i), text);
    }
    List<Row> rows = new ArrayList<>();
    texts.forEach(
        (id, text) ->
            rows.add(
                Tables.PROMPT.toRow(PromptRecord.userTurn(id, null, "open_qa", text, null, null))));
    Dataset<Row> prompts = spark().createDataFrame(rows, Tables.PROMPT.schema());
    Dataset<Row> documents =
        spark()
            .createDataFrame(
                List.of(),
                new StructType()
                    .add("doc_id", DataTypes.StringType, false)
                    .add("doc_text", DataTypes.StringType, false));
    DedupConfig config = new DedupConfig(true, 0.7, 128, 32, 5);

    PromptDedup.Result result = PromptDedup.run(prompts, documents, config, 42);

    Map<String, String> fromSpark = new TreeMap<>();
    for (Row r : result.duplicates().collectAsList()) {
      fromSpark.put(r.getString(0), r.getString(1));
    }
    Map<String, String> fromJava = new TreeMap<>();
    for (Duplicates.Duplicate d : Duplicates.find(texts, new MinHash(128, 32, 5, 42), 0.7)) {
      fromJava.put(d.promptId(), d.duplicateOf());
    }
    assertThat(fromSpark).isEqualTo(fromJava);
    assertThat(fromSpark.size()).isGreaterThan(40);
    assertThat(result.kept().count() + fromSpark.size()).isEqualTo(texts.size());
    assertThat(
            result
                .kept()
                .select("prompt_id")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList())
        .doesNotContainAnyElementsOf(fromSpark.keySet());
  }
}
