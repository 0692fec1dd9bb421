package io.sparksdg.spark.steps;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparksdg.config.ResponsesConfig;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.spark.run.OutputLayout;
import io.sparksdg.spark.tables.Rows;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.curation.ExportFormats;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Trainer-ready files under {@code <root>/exports/<name>/}: {@code data.jsonl} and a dataset card
 * ({@code card.json} and {@code README.md}: counts, filters, judges, models, the config
 * fingerprint). Each export is written by Spark as one file into a temporary folder, which then
 * replaces the old export by a rename, so a reader never sees half an export.
 */
public final class Exports {

  static final String DPO = "nemo-dpo";
  static final String RPO = "nemo-rpo";
  static final String TRL = "trl-preferences";
  static final String SFT = "sft-messages";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final SparkSession spark;
  private final OutputLayout out;
  private final SdgConfig config;
  private final String fingerprint;

  /** Whether a pair's reward gap agrees with its preference: chosen_reward > rejected_reward. */
  private static final org.apache.spark.sql.Column REWARD_AGREES =
      org.apache.spark.sql.functions.coalesce(
          col("chosen_reward").gt(col("rejected_reward")),
          org.apache.spark.sql.functions.lit(false));

  /** Ids listed in a card at most; beyond that only the counts per judge. */
  static final int LISTED_IDS = 50;

  /** Pairs whose reward gap contradicts the preference, per export they would be in. */
  private Map<String, Contradicting> contradicting = Map.of();

  /**
   * Pairs of an export whose {@code chosen_reward <= rejected_reward}.
   *
   * @param byJudge pairs per judge kind
   * @param ids their pair ids, at most {@value #LISTED_IDS}
   */
  record Contradicting(Map<String, Long> byJudge, List<String> ids) {
    long rows() {
      return sum(byJudge);
    }
  }

  public Exports(SparkSession spark, OutputLayout out, SdgConfig config, String fingerprint) {
    this.spark = spark;
    this.out = out;
    this.config = config;
    this.fingerprint = fingerprint;
  }

  public void write() {
    Dataset<Row> preferences = spark.read().parquet(out.table(Tables.PREFERENCES));
    Dataset<Row> sft = spark.read().parquet(out.table(Tables.SFT));
    Dataset<Row> dpo = preferences.where(col("dpo"));
    // RPO's loss uses the reward gap: a pair whose gap contradicts its preference (a more trusted
    // judge overruled the reward model) would teach the opposite of its label.
    Dataset<Row> rpo = preferences.where(col("rpo").and(REWARD_AGREES));
    this.contradicting = contradicting(preferences);
    export(
        DPO,
        "NeMo-Aligner DPO JSONL: prompt (Nemotron chat format), chosen_response,"
            + " rejected_response, chosen_reward, rejected_reward",
        dpo,
        preferenceLines(dpo, false),
        true);
    export(
        RPO,
        "NeMo-Aligner RPO JSONL (the DPO format; RPO's loss uses both rewards)",
        rpo,
        preferenceLines(rpo, false),
        true);
    export(
        TRL,
        "Hugging Face TRL conversational preference JSONL: prompt, chosen, rejected as message"
            + " lists (the DPO pairs)",
        dpo,
        preferenceLines(dpo, true),
        true);
    export(
        SFT,
        "SFT JSONL, OpenAI style: messages (responses that passed the filter, kept dialogues)",
        sft,
        sftLines(sft),
        false);
    exportBlends();
  }

  /** Preference rows as NeMo-Aligner JSONL lines, or as TRL's when {@code trl}. */
  private Dataset<String> preferenceLines(Dataset<Row> rows, boolean trl) {
    ResponsesConfig responses = config.responses();
    return rows.map(
        (MapFunction<Row, String>)
            r ->
                trl
                    ? ExportFormats.trlPreference(Tables.PREFERENCE.fromRow(r), responses)
                    : ExportFormats.nemoPreference(Tables.PREFERENCE.fromRow(r), responses),
        Encoders.STRING());
  }

  /** Staged SFT: each blend of sft as its own export, its definition in the card. */
  private void exportBlends() {
    for (var blend : config.sft().blends().entrySet()) {
      Dataset<Row> rows = spark.read().parquet(out.table(blend.getKey()));
      export(
          blend.getKey(),
          "SFT JSONL, OpenAI style: messages; blend '"
              + blend.getKey()
              + "' of sft (families "
              + (blend.getValue().families().isEmpty() ? "all" : blend.getValue().families())
              + ", caps "
              + blend.getValue().caps()
              + ")",
          rows,
          sftLines(rows),
          false);
    }
  }

  /** The contradicting pairs of the RPO export (left out) and of the DPO/TRL ones (kept). */
  private static Map<String, Contradicting> contradicting(Dataset<Row> preferences) {
    Dataset<Row> against = preferences.where(org.apache.spark.sql.functions.not(REWARD_AGREES));
    Map<String, Contradicting> out = new LinkedHashMap<>();
    for (String[] e : new String[][] {{RPO, "rpo"}, {DPO, "dpo"}, {TRL, "dpo"}}) {
      Dataset<Row> these = against.where(col(e[1]));
      List<String> ids =
          these.select("pair_id").orderBy("pair_id").limit(LISTED_IDS).collectAsList().stream()
              .map(r -> Rows.string(r, "pair_id"))
              .toList();
      out.put(e[0], new Contradicting(counts(these, "judge").get("judge"), ids));
    }
    return out;
  }

  private Dataset<String> sftLines(Dataset<Row> sft) {
    ResponsesConfig responses = config.responses();
    return sft.map(
        (MapFunction<Row, String>)
            r -> ExportFormats.sftMessages(Tables.SFT_ROW.fromRow(r), responses),
        Encoders.STRING());
  }

  private void export(
      String name, String format, Dataset<Row> rows, Dataset<String> lines, boolean pairs) {
    Path exports = new Path(out.root(), "exports");
    Path temp = new Path(exports, ".tmp-" + name + "-" + UUID.randomUUID());
    Path spill = new Path(temp, "_spark");
    lines.coalesce(1).write().text(spill.toString());
    try {
      FileSystem fs = exports.getFileSystem(spark.sparkContext().hadoopConfiguration());
      FileStatus[] parts = fs.listStatus(spill, p -> p.getName().startsWith("part-"));
      Path data = new Path(temp, "data.jsonl");
      if (parts.length == 0) {
        fs.create(data, true).close(); // no rows: an empty file, not a missing one
      } else if (!fs.rename(parts[0].getPath(), data)) {
        throw new IOException("rename of " + parts[0].getPath() + " failed");
      }
      fs.delete(spill, true);
      Map<String, Object> card = card(name, format, rows, pairs);
      writeFile(fs, new Path(temp, "card.json"), JSON.writeValueAsString(card));
      writeFile(fs, new Path(temp, "README.md"), readme(name, card));
      // Hadoop's local filesystem leaves .crc checksum files beside what it writes; a trainer
      // reading the folder wants only the data and its card.
      if (fs instanceof org.apache.hadoop.fs.ChecksumFileSystem checksummed) {
        FileSystem raw = checksummed.getRawFileSystem();
        for (FileStatus f : raw.listStatus(temp, p -> p.getName().endsWith(".crc"))) {
          raw.delete(f.getPath(), false);
        }
      }
      OutputLayout.swap(fs, temp, new Path(exports, name), exports);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write export " + name + ": " + e.getMessage(), e);
    }
  }

  private Map<String, Object> card(String name, String format, Dataset<Row> rows, boolean pairs) {
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("name", name);
    card.put("format", format);
    card.put("file", "data.jsonl");
    // one aggregation gives the rows and every count below
    Map<String, Map<String, Long>> counts =
        pairs
            ? counts(rows, "judge", "chosen_model", "rejected_model")
            : counts(rows, "task", "model");
    card.put("rows", sum(counts.get(pairs ? "judge" : "task")));
    card.put("run_id", out.runId());
    card.put("run_fingerprint", fingerprint);
    card.put("round", config.run().round());
    card.put(
        "created", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    card.put(
        "simulated", config.endpoints().values().stream().anyMatch(e -> isSimulated(e.model())));
    if (pairs) {
      pairCard(card, name, counts);
    } else {
      sftCard(card, name, counts);
    }
    card.put("reward_weights", config.scores().weights());
    card.put("generators", config.responses().generators());
    return card;
  }

  /** A preference export's judges, models and pairing filters. */
  private void pairCard(
      Map<String, Object> card, String name, Map<String, Map<String, Long>> counts) {
    card.put("judges", counts.get("judge"));
    Map<String, Long> models = new TreeMap<>(counts.get("chosen_model"));
    counts.get("rejected_model").forEach((m, n) -> models.merge(m, n, Long::sum));
    card.put("models", models);
    Map<String, Object> filters = new LinkedHashMap<>();
    var p = config.preferences();
    filters.put("judge_order", p.judges());
    filters.put("strategy", p.strategy());
    filters.put("min_margin (reward-model pairs)", p.minMargin());
    filters.put("max_pairs_per_prompt", p.maxPairsPerPrompt());
    filters.put(
        name.equals(RPO) ? "chosen_min_reward (rpo-min-reward)" : "chosen_min_reward",
        name.equals(RPO) ? finite(p.rpoMinReward()) : finite(p.dpoMinReward()));
    filters.put("max_chars", p.maxChars());
    filters.put("chosen_differs_from_rejected", true);
    filters.put("no_truncated_responses", true);
    if (name.equals(RPO)) {
      filters.put("chosen_reward_above_rejected_reward", true);
    }
    card.put("filters", filters);
    contradicting(card, name);
  }

  /**
   * Pairs whose rewards contradict their preference: left out of RPO, kept (and said) elsewhere.
   */
  private void contradicting(Map<String, Object> card, String name) {
    Contradicting c = contradicting.get(name);
    if (c != null && c.rows() > 0) {
      Map<String, Object> against = new LinkedHashMap<>();
      against.put("rows", c.rows());
      against.put("by_judge", c.byJudge());
      against.put("pair_ids", c.ids());
      against.put(
          "why",
          name.equals(RPO)
              ? "chosen_reward <= rejected_reward: a more trusted judge overruled the reward"
                  + " model, and RPO's loss uses the reward gap, so these pairs would teach the"
                  + " opposite of their label; left out of this export (kept in "
                  + DPO
                  + " and "
                  + TRL
                  + ")"
              : "chosen_reward <= rejected_reward: a more trusted judge overruled the reward"
                  + " model; kept, since DPO uses only the preference (left out of "
                  + RPO
                  + ")");
      card.put(
          name.equals(RPO)
              ? "left_out_reward_contradicts_preference"
              : "kept_reward_contradicts_preference",
          against);
    }
  }

  /** An SFT export's families, models, filters and blends. */
  private void sftCard(
      Map<String, Object> card, String name, Map<String, Map<String, Long>> counts) {
    card.put("tasks", counts.get("task"));
    card.put("models", counts.get("model"));
    Map<String, Object> filters = new LinkedHashMap<>();
    filters.put("min_reward", config.filter().minReward());
    filters.put("min", config.filter().min());
    filters.put("max", config.filter().max());
    filters.put(
        "dialogue_min_reward",
        config.dialogues().minReward() != null
            ? config.dialogues().minReward()
            : config.filter().minReward());
    card.put("filters", filters);
    if (!config.sft().blends().isEmpty()) {
      card.put("blends", blends(name));
    }
  }

  /**
   * The blends of sft with their composition: for the sft export every blend, for a blend's export
   * its own; rows per family as written.
   */
  private Map<String, Object> blends(String exportName) {
    Map<String, Object> result = new LinkedHashMap<>();
    config
        .sft()
        .blends()
        .forEach(
            (name, blend) -> {
              if (!exportName.equals(SFT) && !exportName.equals(name)) {
                return;
              }
              Dataset<Row> rows = spark.read().parquet(out.table(name));
              Map<String, Object> b = new LinkedHashMap<>();
              b.put("families", blend.families().isEmpty() ? "all" : blend.families());
              b.put("caps", blend.caps());
              Map<String, Long> tasks = counts(rows, "task").get("task");
              b.put("rows", sum(tasks));
              b.put("tasks", tasks);
              result.put(name, b);
            });
    return result;
  }

  private static Object finite(double value) {
    return Double.isInfinite(value) ? "none" : value;
  }

  private static boolean isSimulated(String model) {
    return model != null && model.contains("simulated");
  }

  /** Rows per value of each column, {column: {value: rows}}, from one Spark job. */
  private static Map<String, Map<String, Long>> counts(Dataset<Row> rows, String... columns) {
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    for (String column : columns) {
      out.put(column, new TreeMap<>());
    }
    String[] more = Arrays.copyOfRange(columns, 1, columns.length);
    for (Row r : rows.groupBy(columns[0], more).count().collectAsList()) {
      long n = Rows.longValue(r, "count");
      for (String column : columns) {
        out.get(column).merge(String.valueOf(r.get(r.fieldIndex(column))), n, Long::sum);
      }
    }
    return out;
  }

  /** All rows: the counts of one column, added up. */
  private static long sum(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  private static String readme(String name, Map<String, Object> card) throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# ").append(name).append("\n\n");
    md.append(card.get("format")).append(".\n\n");
    md.append("Made by spark-sdg, run ")
        .append(card.get("run_id") == null ? "" : card.get("run_id") + " (config fingerprint ")
        .append(card.get("run_fingerprint"))
        .append(card.get("run_id") == null ? "" : ")")
        .append(", round ")
        .append(card.get("round"))
        .append(
            Boolean.TRUE.equals(card.get("simulated"))
                ? " (simulated models: placeholder text)"
                : "")
        .append(".\n\n");
    if (card.get("left_out_reward_contradicts_preference") instanceof Map<?, ?> c) {
      md.append("Left out: ")
          .append(c.get("rows"))
          .append(" pairs by judge ")
          .append(new ObjectMapper().writeValueAsString(c.get("by_judge")))
          .append(", because ")
          .append(c.get("why"))
          .append(".\n\n");
    }
    if (card.get("kept_reward_contradicts_preference") instanceof Map<?, ?> c) {
      md.append("Kept: ")
          .append(c.get("rows"))
          .append(" pairs by judge ")
          .append(new ObjectMapper().writeValueAsString(c.get("by_judge")))
          .append(" whose ")
          .append(c.get("why"))
          .append(".\n\n");
    }
    md.append("| | |\n| --- | --- |\n");
    for (String key :
        List.of(
            "rows",
            "left_out_reward_contradicts_preference",
            "kept_reward_contradicts_preference",
            "judges",
            "tasks",
            "models",
            "filters",
            "blends",
            "generators")) {
      if (card.containsKey(key)) {
        md.append("| ")
            .append(key)
            .append(" | `")
            .append(new ObjectMapper().writeValueAsString(card.get(key)))
            .append("` |\n");
      }
    }
    return md.toString();
  }

  private static void writeFile(FileSystem fs, Path path, String text) throws IOException {
    try (OutputStream o = fs.create(path, true)) {
      o.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
