package io.sparksdg.spark.steps;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import io.sparksdg.config.ConfigException;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.judge.RewardWeights;
import io.sparksdg.records.PreferenceRecord;
import io.sparksdg.records.SftRecord;
import io.sparksdg.spark.tables.Rows;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.curation.HumanReview;
import io.sparksdg.stages.curation.ReviewItems;
import io.sparksdg.stages.curation.ReviewVerdict;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The human review loop around an output root: {@link #export} writes a stratified sample of pairs
 * and SFT rows for annotators, {@link #importVerdicts} stores their verdicts under {@code
 * <root>/_review/verdicts.jsonl}, and the next run applies them ({@link #load}, {@link #apply}).
 * Verdicts are not part of the run fingerprint: a run with new verdicts resumes the same root.
 */
public final class Review {

  private static final Logger LOG = LoggerFactory.getLogger(Review.class);

  static final String DIR = "_review";
  static final String VERDICTS = "verdicts.jsonl";
  static final String SAMPLE = "sample.jsonl";

  private Review() {}

  /** Rows after the verdicts, and how many verdicts matched a row. */
  public record Applied(Dataset<Row> rows, long matched) {}

  /** What an export wrote: items per kind and the strata they came from. */
  public record Exported(String file, Map<String, Long> items, int strata) {}

  /** What an import stored, and the verdicts whose id names nothing in the output root. */
  public record Imported(
      String file, int stored, int total, int unreviewed, List<ReviewVerdict> unknown) {}

  /** The verdicts stored under the root, for a run; none when there are none. */
  public static HumanReview load(SparkSession spark, String root, SdgConfig config) {
    Map<String, ReviewVerdict> verdicts = stored(spark.sparkContext().hadoopConfiguration(), root);
    if (verdicts.isEmpty()) {
      return HumanReview.NONE;
    }
    LOG.info("Applying {} review verdicts from {}", verdicts.size(), verdictsPath(root));
    return new HumanReview(
        verdicts,
        new RewardWeights(config.scores().weights()),
        config.preferences().dpoMinReward());
  }

  /** Applies the verdicts to the rows of {@code sft} or {@code preferences}. */
  public static Applied apply(Dataset<Row> rows, HumanReview review, String table) {
    boolean pairs = table.equals(Tables.PREFERENCES);
    String kind = pairs ? ReviewVerdict.PAIR : ReviewVerdict.SFT;
    String idColumn = pairs ? "pair_id" : "response_id";
    List<String> ids = new ArrayList<>(review.ids(kind));
    Set<String> matched = new HashSet<>();
    if (!ids.isEmpty()) {
      Dataset<Row> wanted =
          rows.sparkSession().createDataset(ids, Encoders.STRING()).toDF("_review_id");
      wanted
          .join(rows, col("_review_id").equalTo(rows.col(idColumn)), "left_semi")
          .as(Encoders.STRING())
          .collectAsList()
          .forEach(matched::add);
    }
    ids.stream()
        .filter(id -> !matched.contains(id))
        .sorted()
        .forEach(
            id ->
                LOG.warn(
                    "Review verdict for {} {} names no row of {}: it applies to nothing",
                    kind,
                    id,
                    table));
    Dataset<Row> out =
        rows.mapPartitions(
            new Apply(review, pairs),
            Encoders.row((pairs ? Tables.PREFERENCE : Tables.SFT_ROW).schema()));
    return new Applied(out, matched.size());
  }

  /** Rows of {@code preferences} ({@code pairs}) or {@code sft} after the verdicts. */
  static final class Apply implements MapPartitionsFunction<Row, Row> {
    private final HumanReview review;
    private final boolean pairs;

    Apply(HumanReview review, boolean pairs) {
      this.review = review;
      this.pairs = pairs;
    }

    @Override
    public java.util.Iterator<Row> call(java.util.Iterator<Row> rows) {
      List<Row> out = new ArrayList<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        (pairs
                ? review.apply(Tables.PREFERENCE.fromRow(r)).map(Tables.PREFERENCE::toRow)
                : review.apply(Tables.SFT_ROW.fromRow(r)).map(Tables.SFT_ROW::toRow))
            .ifPresent(out::add);
      }
      return out.iterator();
    }
  }

  /**
   * Writes a sample of up to {@code size} items of {@code preferences} and {@code sft}, stratified
   * by kind, family, judge and score band (the margin of a pair, the reward of an SFT row): each
   * stratum in turn gives its next item, in the order of a hash of the id and the run seed, so
   * small strata are not crowded out by big ones. Items already reviewed are left out.
   *
   * @param file where to write the JSONL; null for {@code <root>/_review/sample.jsonl}
   */
  /** Fails before Spark starts on a sample size below 1. */
  public static void checkSize(int size) {
    if (size < 1) {
      throw new ConfigException("--size must be at least 1, got " + size);
    }
  }

  public static Exported export(SparkSession spark, SdgConfig config, String file, int size) {
    String root = root(config);
    Dataset<Row> prefs = table(spark, root, Tables.PREFERENCES);
    Dataset<Row> sft = table(spark, root, Tables.SFT);
    Dataset<Row> items = unreviewed(spark, config, root, prefs, sft);
    List<Row> candidates =
        QuotaCut.rank(
                items,
                "rank",
                List.of("kind", "family", "judge", "band"),
                "id",
                lit(config.run().seed()))
            .where(col("rank").leq(size))
            .collectAsList();
    List<Row> chosen = roundRobin(candidates, size, config.run().seed());
    Set<String> strata = new HashSet<>();
    chosen.forEach(r -> strata.add(stratum(r)));
    Map<String, String> lines = lines(prefs, sft, chosen);
    String target = file != null ? file : root + "/" + DIR + "/" + SAMPLE;
    StringBuilder text = new StringBuilder();
    Map<String, Long> counts = new TreeMap<>();
    for (Row r : chosen) {
      String kind = Rows.string(r, "kind");
      String line = lines.get(kind + ":" + Rows.string(r, "id"));
      if (line != null) {
        text.append(line).append('\n');
        counts.merge(kind, 1L, Long::sum);
      }
    }
    writeAtomically(spark.sparkContext().hadoopConfiguration(), new Path(target), text.toString());
    return new Exported(target, counts, strata.size());
  }

  /**
   * The reviewable items {@code (id, kind, family, judge, band)}: every pair and SFT row not
   * reviewed before, with its family, judge and the band of its margin or reward.
   */
  private static Dataset<Row> unreviewed(
      SparkSession spark, SdgConfig config, String root, Dataset<Row> prefs, Dataset<Row> sft) {
    Dataset<Row> prompts = table(spark, root, Tables.PROMPTS);
    UserDefinedFunction band = udf((UDF1<Double, String>) ReviewItems::band, DataTypes.StringType);
    Dataset<Row> pairItems =
        prefs
            .join(
                prompts.select(col("prompt_id").as("_p_id"), col("task").as("_family")),
                col("prompt_id").equalTo(col("_p_id")),
                "left")
            .select(
                col("pair_id").as("id"),
                lit(ReviewVerdict.PAIR).as("kind"),
                coalesce(col("_family"), lit("unknown")).as("family"),
                col("judge"),
                band.apply(col("margin")).as("band"));
    Dataset<Row> sftItems =
        sft.select(
            col("response_id").as("id"),
            lit(ReviewVerdict.SFT).as("kind"),
            col("task").as("family"),
            coalesce(col("judge"), lit(SftRecord.JUDGE_REWARD_MODEL)).as("judge"),
            band.apply(col("reward")).as("band"));
    Dataset<Row> items = pairItems.unionByName(sftItems);
    HumanReview done = load(spark, root, config);
    for (String kind : List.of(ReviewVerdict.PAIR, ReviewVerdict.SFT)) {
      Set<String> reviewed = done.ids(kind);
      if (!reviewed.isEmpty()) {
        items =
            items.where(
                col("kind").notEqual(kind).or(col("id").isin(reviewed.toArray()).unary_$bang()));
      }
    }
    return items;
  }

  /**
   * Round robin: each rank in turn; within a rank the kinds alternate, and the strata of a kind
   * come in the order of a hash of their name and the seed, so no family always comes first.
   */
  private static List<Row> roundRobin(List<Row> candidates, int size, long seed) {
    Comparator<Row> byStratum =
        Comparator.comparing((Row r) -> io.sparksdg.records.Ids.of(seed, stratum(r)))
            .thenComparing(r -> Rows.string(r, "id"));
    Map<String, List<Row>> byRankAndKind = new TreeMap<>();
    for (Row r : candidates) {
      String key = String.format("%09d|%s", Rows.intValue(r, "rank"), Rows.string(r, "kind"));
      byRankAndKind.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
    Map<Row, Integer> position = new HashMap<>();
    byRankAndKind
        .values()
        .forEach(
            group -> {
              group.sort(byStratum);
              for (int i = 0; i < group.size(); i++) {
                position.put(group.get(i), i);
              }
            });
    List<Row> chosen = new ArrayList<>(candidates);
    chosen.sort(
        Comparator.comparingInt((Row r) -> Rows.intValue(r, "rank"))
            .thenComparingInt(position::get)
            .thenComparing(r -> Rows.string(r, "kind"))
            .thenComparing(byStratum));
    return chosen.subList(0, Math.min(size, chosen.size()));
  }

  /** The JSONL line of each chosen item, by {@code kind:id}. */
  private static Map<String, String> lines(Dataset<Row> prefs, Dataset<Row> sft, List<Row> chosen) {
    Map<String, String> familyOfPair = new HashMap<>();
    List<String> pairIds = new ArrayList<>();
    List<String> sftIds = new ArrayList<>();
    for (Row r : chosen) {
      String id = Rows.string(r, "id");
      if (ReviewVerdict.PAIR.equals(Rows.string(r, "kind"))) {
        pairIds.add(id);
        familyOfPair.put(id, Rows.string(r, "family"));
      } else {
        sftIds.add(id);
      }
    }
    Map<String, String> lines = new HashMap<>();
    if (!pairIds.isEmpty()) {
      for (Row r : prefs.where(col("pair_id").isin(pairIds.toArray())).collectAsList()) {
        PreferenceRecord p = Tables.PREFERENCE.fromRow(r);
        lines.put(
            ReviewVerdict.PAIR + ":" + p.pairId(),
            ReviewItems.pairLine(p, familyOfPair.get(p.pairId())));
      }
    }
    if (!sftIds.isEmpty()) {
      for (Row r : sft.where(col("response_id").isin(sftIds.toArray())).collectAsList()) {
        SftRecord s = Tables.SFT_ROW.fromRow(r);
        lines.put(ReviewVerdict.SFT + ":" + s.responseId(), ReviewItems.sftLine(s));
      }
    }
    return lines;
  }

  /**
   * Validates an annotated file and stores its verdicts under the root, merged with those stored
   * before (a later verdict for the same item wins). Verdicts whose id names no pair or SFT row of
   * the root are not stored and come back in {@link Imported#unknown}.
   *
   * @throws ConfigException naming the first bad line; nothing is stored then
   */
  /** Fails before Spark starts on a config without an output root or an unreadable file. */
  public static void checkImport(SdgConfig config, String file) {
    root(config);
    parse(new Configuration(), file);
  }

  public static Imported importVerdicts(SparkSession spark, SdgConfig config, String file) {
    String root = root(config);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    ReviewItems.Parsed parsed = parse(hadoop, file);
    Map<String, Set<String>> known = new HashMap<>();
    for (String kind : List.of(ReviewVerdict.PAIR, ReviewVerdict.SFT)) {
      List<String> ids = new ArrayList<>();
      parsed.verdicts().values().stream()
          .filter(v -> v.kind().equals(kind))
          .forEach(v -> ids.add(v.id()));
      known.put(kind, existing(spark, root, kind, ids));
    }
    Map<String, ReviewVerdict> merged = stored(hadoop, root);
    List<ReviewVerdict> unknown = new ArrayList<>();
    int stored = 0;
    for (ReviewVerdict v : parsed.verdicts().values()) {
      if (known.get(v.kind()).contains(v.id())) {
        merged.remove(ReviewItems.key(v));
        merged.put(ReviewItems.key(v), v);
        stored++;
      } else {
        unknown.add(v);
      }
    }
    if (stored > 0) {
      StringBuilder text = new StringBuilder();
      merged.values().forEach(v -> text.append(ReviewItems.line(v)).append('\n'));
      writeAtomically(hadoop, verdictsPath(root), text.toString());
    }
    return new Imported(
        verdictsPath(root).toString(), stored, merged.size(), parsed.unreviewed(), unknown);
  }

  private static ReviewItems.Parsed parse(Configuration hadoop, String file) {
    try {
      return ReviewItems.parse(readLines(hadoop, new Path(file)));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "Review file " + file + ", " + e.getMessage() + ": fix it and import again");
    }
  }

  /**
   * Which of these ids name an item of the root: a pair any judge kept ({@code pair_candidates}, so
   * a pair a reviewer dropped is still known), or an SFT row, a scored response or a dialogue.
   */
  private static Set<String> existing(
      SparkSession spark, String root, String kind, List<String> ids) {
    Set<String> found = new HashSet<>();
    if (ids.isEmpty()) {
      return found;
    }
    Dataset<Row> wanted = spark.createDataset(ids, Encoders.STRING()).toDF("_id");
    List<Dataset<Row>> sources = new ArrayList<>();
    if (kind.equals(ReviewVerdict.PAIR)) {
      sources.add(
          table(spark, root, Tables.PAIR_CANDIDATES).where(col("kept")).select(col("pair_id")));
    } else {
      sources.add(table(spark, root, Tables.SFT).select(col("response_id")));
      sources.add(table(spark, root, Tables.SCORES).select(col("response_id")));
      if (exists(spark.sparkContext().hadoopConfiguration(), new Path(root, Tables.DIALOGUES))) {
        sources.add(
            table(spark, root, Tables.DIALOGUES).select(col("dialogue_id").as("response_id")));
      }
    }
    for (Dataset<Row> source : sources) {
      String column = source.columns()[0];
      wanted
          .join(source, col("_id").equalTo(source.col(column)), "left_semi")
          .as(Encoders.STRING())
          .collectAsList()
          .forEach(found::add);
    }
    return found;
  }

  private static String stratum(Row r) {
    return Rows.string(r, "kind")
        + "|"
        + Rows.string(r, "family")
        + "|"
        + Rows.string(r, "judge")
        + "|"
        + Rows.string(r, "band");
  }

  private static String root(SdgConfig config) {
    String root = config.output().root();
    if (root == null) {
      throw new ConfigException("No output root: pass --out DIR or set output.root");
    }
    return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  private static Dataset<Row> table(SparkSession spark, String root, String name) {
    Path path = new Path(root, name);
    if (!exists(spark.sparkContext().hadoopConfiguration(), path)) {
      throw new ConfigException(
          "No table " + name + " under " + root + ": run 'submit/sdg run' with this config first");
    }
    return spark.read().parquet(path.toString());
  }

  private static Path verdictsPath(String root) {
    return new Path(root + "/" + DIR + "/" + VERDICTS);
  }

  /** The verdicts stored under the root, by kind and id, in the order they were stored. */
  private static Map<String, ReviewVerdict> stored(Configuration hadoop, String root) {
    Path path = verdictsPath(root);
    if (!exists(hadoop, path)) {
      return new LinkedHashMap<>();
    }
    try {
      return new LinkedHashMap<>(ReviewItems.parse(readLines(hadoop, path)).verdicts());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "Stored review verdicts "
              + path
              + " are damaged ("
              + e.getMessage()
              + "): import them"
              + " again");
    }
  }

  private static boolean exists(Configuration hadoop, Path path) {
    try {
      return path.getFileSystem(hadoop).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private static List<String> readLines(Configuration hadoop, Path path) {
    List<String> lines = new ArrayList<>();
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      if (!fs.exists(path)) {
        throw new ConfigException("Review file " + path + " does not exist: check the path");
      }
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(fs.open(path), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
    }
    return lines;
  }

  /** Writes beside the target and renames, so a reader never sees half a file. */
  private static void writeAtomically(Configuration hadoop, Path target, String text) {
    try {
      FileSystem fs = target.getFileSystem(hadoop);
      fs.mkdirs(target.getParent());
      Path temp =
          new Path(target.getParent(), ".tmp-" + target.getName() + "-" + UUID.randomUUID());
      try (OutputStream o = fs.create(temp, false)) {
        o.write(text.getBytes(StandardCharsets.UTF_8));
      }
      if (fs.exists(target) && !fs.delete(target, false)) {
        throw new IOException("cannot replace " + target);
      }
      if (!fs.rename(temp, target)) {
        throw new IOException("rename of " + temp + " to " + target + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
    }
  }
}
