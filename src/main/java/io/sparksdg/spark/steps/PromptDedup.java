package io.sparksdg.spark.steps;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.sparksdg.config.DedupConfig;
import io.sparksdg.prompts.MinHash;
import io.sparksdg.spark.tables.Rows;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Removes exact and near-duplicate prompts across the whole prompt table, by the rule of {@link
 * io.sparksdg.prompts.Duplicates}: prompts whose normalized texts are equal, or whose character
 * shingles reach the Jaccard threshold, are duplicates; every prompt with a duplicate of smaller id
 * is removed and recorded against the smallest one.
 *
 * <p>Candidates come from MinHash LSH: each prompt emits one key per signature band plus one for
 * its normalized text; prompts sharing a key are joined pairwise and confirmed on their exact
 * shingle similarity.
 */
public final class PromptDedup {

  static final StructType DUPLICATE =
      new StructType()
          .add("prompt_id", DataTypes.StringType, false)
          .add("duplicate_of", DataTypes.StringType, false)
          .add("similarity", DataTypes.DoubleType, false);

  private static final StructType KEYS =
      new StructType()
          .add("key", DataTypes.StringType, false)
          .add("id", DataTypes.StringType, false);

  /** What dedup left: the prompts kept and the ones removed. */
  public record Result(Dataset<Row> kept, Dataset<Row> duplicates) {}

  private PromptDedup() {}

  /**
   * @param documents the closed Q&A corpus {@code (doc_id, doc_text)}: a prompt over a document is
   *     compared without the document's text, since prompts over one document share it by design
   */
  public static Result run(
      Dataset<Row> prompts, Dataset<Row> documents, DedupConfig config, long seed) {
    MinHash minHash = new MinHash(config.hashes(), config.bands(), config.shingle(), seed);
    Column full = concat_ws("\n", col("messages.content"));
    Dataset<Row> texts =
        prompts
            .join(documents, col("document_id").equalTo(col("doc_id")), "left")
            .select(
                col("prompt_id").as("id"),
                when(col("doc_text").isNotNull(), replace(full, col("doc_text"), lit("")))
                    .otherwise(full)
                    .as("text"));
    Dataset<Row> keys = texts.flatMap(new Keys(minHash), Encoders.row(KEYS));
    Dataset<Row> pairs =
        keys.as("a")
            .join(keys.as("b"), col("a.key").equalTo(col("b.key")))
            .where(col("a.id").lt(col("b.id")))
            .select(col("a.id").as("x"), col("b.id").as("y"))
            .distinct();
    Dataset<Row> withText =
        pairs
            .join(
                texts.select(col("id").as("xi"), col("text").as("xt")), col("x").equalTo(col("xi")))
            .join(
                texts.select(col("id").as("yi"), col("text").as("yt")), col("y").equalTo(col("yi")))
            .select("x", "y", "xt", "yt");
    StructType similar =
        new StructType()
            .add("x", DataTypes.StringType, false)
            .add("y", DataTypes.StringType, false)
            .add("similarity", DataTypes.DoubleType, false);
    Dataset<Row> confirmed =
        withText
            .map(new Similarity(minHash), Encoders.row(similar))
            .where(col("similarity").geq(config.threshold()));
    // The smallest duplicate of smaller id survives as duplicate_of (min over (x, similarity)).
    Dataset<Row> duplicates =
        confirmed
            .groupBy("y")
            .agg(min(struct(col("x"), col("similarity"))).as("m"))
            .select(
                col("y").as("prompt_id"),
                col("m.x").as("duplicate_of"),
                col("m.similarity").as("similarity"));
    Dataset<Row> kept =
        prompts.join(
            duplicates.select(col("prompt_id").as("dup_id")),
            col("prompt_id").equalTo(col("dup_id")),
            "left_anti");
    return new Result(kept, duplicates);
  }

  /** {@code (id, text)} to its band keys and its exact-text key. */
  private static final class Keys implements FlatMapFunction<Row, Row> {
    private final MinHash minHash;

    Keys(MinHash minHash) {
      this.minHash = minHash;
    }

    @Override
    public Iterator<Row> call(Row row) {
      String id = Rows.string(row, "id");
      String text = Rows.string(row, "text");
      List<Row> out = new ArrayList<>();
      for (String key : minHash.bandKeys(minHash.signature(minHash.shingles(text)))) {
        out.add(RowFactory.create(key, id));
      }
      out.add(RowFactory.create(MinHash.exactKey(text), id));
      return out.iterator();
    }
  }

  /** {@code (x, y, x_text, y_text)} to {@code (x, y, similarity)}. */
  private static final class Similarity implements MapFunction<Row, Row> {
    private final MinHash minHash;

    Similarity(MinHash minHash) {
      this.minHash = minHash;
    }

    @Override
    public Row call(Row row) {
      String a = Rows.string(row, "xt");
      String b = Rows.string(row, "yt");
      double sim =
          MinHash.normalize(a).equals(MinHash.normalize(b))
              ? 1.0
              : MinHash.jaccard(minHash.shingles(a), minHash.shingles(b));
      return RowFactory.create(Rows.string(row, "x"), Rows.string(row, "y"), sim);
    }
  }
}
