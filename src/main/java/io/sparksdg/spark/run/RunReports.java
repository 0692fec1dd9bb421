package io.sparksdg.spark.run;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sparksdg.report.Bins;
import io.sparksdg.report.Distribution;
import io.sparksdg.report.EndpointFigures;
import io.sparksdg.report.FailureReason;
import io.sparksdg.report.ReportJson;
import io.sparksdg.report.ReportPage;
import io.sparksdg.report.RunReport;
import io.sparksdg.report.StageCost;
import io.sparksdg.spark.tables.Rows;
import io.sparksdg.spark.tables.Tables;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run report of an output root ({@code _report/report.json} and {@code _report/index.html}):
 * its figures are Spark aggregations over the committed tables, each collected as a few rows, plus
 * what {@code _summary.json} and {@code _metrics.json} say; {@link ReportPage} draws them.
 */
public final class RunReports {

  private static final Logger LOG = LoggerFactory.getLogger(RunReports.class);
  private static final JsonMapper JSON = new JsonMapper();

  /** The folder under the output root that holds the report. */
  public static final String DIR = "_report";

  private final SparkSession spark;
  private final String root;

  /** Each table read once: reading one runs a Spark job for its schema. */
  private final Map<String, Dataset<Row>> tables = new HashMap<>();

  public RunReports(SparkSession spark, String root) {
    this.spark = spark;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  /**
   * Regenerates the report of an existing output root in a Spark session of its own (local mode
   * unless {@code master} or {@code spark-submit} says otherwise); returns the page's path.
   */
  public static String regenerate(String root, String master) {
    Path run = new Path(root, "_run.json");
    try {
      if (!run.getFileSystem(new org.apache.hadoop.conf.Configuration()).exists(run)) {
        throw new io.sparksdg.config.ConfigException(
            "No run under " + root + ": pass the --out DIR of a run (it holds _run.json)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + run + ": " + e.getMessage(), e);
    }
    boolean ours = SparkSession.getActiveSession().isEmpty();
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName("spark-sdg report")
            .config("spark.ui.showConsoleProgress", "false");
    if (master != null) {
      builder.master(master);
    } else if (!new org.apache.spark.SparkConf().contains("spark.master")) {
      builder.master("local[*]");
    }
    SparkSession spark = builder.getOrCreate();
    try {
      return new RunReports(spark, root).write();
    } finally {
      if (ours) {
        spark.stop();
      }
    }
  }

  /** Computes the report and writes both files; returns the page's path. */
  public String write() {
    // Every aggregate here is a few rows: one reduce partition each instead of the job's many.
    String shuffle = spark.conf().get("spark.sql.shuffle.partitions");
    RunReport report;
    spark.conf().set("spark.sql.shuffle.partitions", "1");
    try {
      report = compute();
    } finally {
      spark.conf().set("spark.sql.shuffle.partitions", shuffle);
    }
    writeText(DIR + "/report.json", ReportJson.write(report));
    writeText(DIR + "/index.html", ReportPage.render(report));
    String page = root + "/" + DIR + "/index.html";
    LOG.info("Run report: {}", page);
    return page;
  }

  RunReport compute() {
    JsonNode summary = readJson("_summary.json");
    JsonNode metrics = readJson("_metrics.json");
    JsonNode run = readJson("_run.json");
    String fingerprint = summary.path("fingerprint").asText(metrics.path("fingerprint").asText(""));
    JsonNode round = run.path("config").path("run").path("round");
    List<String> models = models();
    // a resumed run adds to what the earlier runs of the root requested: the report shows the total
    JsonNode total = metrics.path("total");
    List<EndpointFigures> endpoints =
        ReportFigures.endpoints(
            total.isObject() ? total.path("endpoints") : metrics.path("endpoints"),
            metrics.path("endpoints"));
    JsonNode cost = total.isObject() ? total.path("cost-usd") : metrics.path("cost-usd");
    List<FailureReason> reasons = failureReasons();
    String runId = ReportFigures.text(metrics.path("run-id"));
    return new RunReport(
        fingerprint,
        Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
        round.isNumber() ? round.asInt() : null,
        RunReport.anySimulated(models),
        models,
        funnel(summary.path("rows")),
        scores(),
        margins(),
        countBy(Tables.PREFERENCES, "judge"),
        countBy(Tables.PROMPTS, "task"),
        endpoints,
        stages(metrics.path("stages")),
        cost.isNumber() ? cost.asDouble() : null,
        reasons,
        runId != null ? runId : ReportFigures.text(run.path("run-id")),
        ReportFigures.status(summary, run),
        ReportFigures.attempts(metrics.path("attempts")),
        ReportFigures.judges(this::tableIfExists),
        ReportFigures.pairDrops(this::tableIfExists),
        ReportFigures.dialogues(this::tableIfExists));
  }

  /** A committed table, or null when it does not exist. */
  private Dataset<Row> tableIfExists(String name) {
    return exists(name) ? table(name) : null;
  }

  private List<RunReport.FunnelStep> funnel(JsonNode rows) {
    String[][] steps = {
      {"prompts", Tables.PROMPTS},
      {"responses", Tables.RESPONSES},
      {"scored", Tables.SCORES},
      {"kept for SFT", Tables.SFT},
      {"preference pairs", Tables.PREFERENCES},
      {"failures", Tables.FAILURES},
    };
    List<RunReport.FunnelStep> funnel = new ArrayList<>();
    for (String[] s : steps) {
      JsonNode n = rows.path(s[1]);
      long count = n.isNumber() ? n.asLong() : exists(s[1]) ? table(s[1]).count() : 0;
      funnel.add(new RunReport.FunnelStep(s[0], s[1], count));
    }
    // with safety screening on: what the guard flagged (see SafetyScreening)
    for (String[] s :
        new String[][] {
          {"unsafe prompts", "safety_unsafe_prompts"},
          {"unsafe responses", "safety_unsafe_responses"}
        }) {
      if (rows.path(s[1]).isNumber()) {
        funnel.add(new RunReport.FunnelStep(s[0], s[1], rows.path(s[1]).asLong()));
      }
    }
    return funnel;
  }

  /** The five attributes and the reward: statistics in one pass, bin counts in a second. */
  private List<Distribution> scores() {
    if (!exists(Tables.SCORES)) {
      return RunReport.SCORE_COLUMNS.stream().map(Distribution::empty).toList();
    }
    return distributions(table(Tables.SCORES), RunReport.SCORE_COLUMNS, ATTRIBUTES);
  }

  /** The five attributes: one scale (the reward model's 0-4), so their charts share an x-axis. */
  private static final List<String> ATTRIBUTES = RunReport.SCORE_COLUMNS.subList(0, 5);

  private Distribution margins() {
    if (!exists(Tables.PREFERENCES)) {
      return Distribution.empty("margin");
    }
    return distributions(table(Tables.PREFERENCES), List.of("margin")).get(0);
  }

  static List<Distribution> distributions(Dataset<Row> data, List<String> columns) {
    return distributions(data, columns, List.of());
  }

  /**
   * Distributions of numeric columns of one table (nulls left out).
   *
   * @param shared columns on one scale: their bins span all of them and at least [0, 4]
   */
  static List<Distribution> distributions(
      Dataset<Row> data, List<String> columns, List<String> shared) {
    List<Column> stats = new ArrayList<>();
    for (String c : columns) {
      Column x = col(c).cast(DataTypes.DoubleType);
      stats.add(count(x).as(stat("count", c)));
      stats.add(min(x).as(stat("min", c)));
      stats.add(max(x).as(stat("max", c)));
      stats.add(avg(x).as(stat("mean", c)));
      stats.add(
          percentile_approx(x, lit(new double[] {0.1, 0.5, 0.9}), lit(10_000))
              .as(stat("deciles", c)));
    }
    Row s = data.agg(stats.get(0), stats.subList(1, stats.size()).toArray(Column[]::new)).first();
    Map<String, Bins> bins = new LinkedHashMap<>();
    double sharedLo = 0;
    double sharedHi = 4;
    for (String c : shared) {
      if (Rows.longValue(s, stat("count", c)) > 0) {
        sharedLo = Math.min(sharedLo, Rows.doubleValue(s, stat("min", c)));
        sharedHi = Math.max(sharedHi, Rows.doubleValue(s, stat("max", c)));
      }
    }
    Bins sharedBins = Bins.spanning(sharedLo, sharedHi, Bins.DEFAULT_TARGET);
    for (String c : columns) {
      if (Rows.longValue(s, stat("count", c)) > 0) {
        bins.put(
            c,
            shared.contains(c)
                ? sharedBins
                : Bins.spanning(
                    Rows.doubleValue(s, stat("min", c)),
                    Rows.doubleValue(s, stat("max", c)),
                    Bins.DEFAULT_TARGET));
      }
    }
    Map<String, Map<Integer, Long>> counts = binCounts(data, bins);
    List<Distribution> out = new ArrayList<>();
    for (String c : columns) {
      Bins b = bins.get(c);
      if (b == null) {
        out.add(Distribution.empty(c));
        continue;
      }
      List<Double> q = Rows.list(s, stat("deciles", c));
      out.add(
          new Distribution(
              c,
              Rows.longValue(s, stat("count", c)),
              Rows.doubleValue(s, stat("min", c)),
              Rows.doubleValue(s, stat("max", c)),
              Rows.doubleValue(s, stat("mean", c)),
              q.get(0),
              q.get(1),
              q.get(2),
              b,
              Distribution.dense(b, counts.getOrDefault(c, Map.of()))));
    }
    return out;
  }

  /** The name of statistic {@code stat} of column {@code column} in the aggregate row. */
  private static String stat(String stat, String column) {
    return stat + "_" + column;
  }

  /** Values per (column, bin), from one exploded aggregation over all columns. */
  private static Map<String, Map<Integer, Long>> binCounts(
      Dataset<Row> data, Map<String, Bins> bins) {
    Map<String, Map<Integer, Long>> counts = new HashMap<>();
    if (bins.isEmpty()) {
      return counts;
    }
    List<Column> cells = new ArrayList<>();
    bins.forEach(
        (c, b) -> {
          Column index =
              udf((UDF1<Double, Integer>) x -> x == null ? null : b.index(x), DataTypes.IntegerType)
                  .apply(col(c).cast(DataTypes.DoubleType));
          cells.add(struct(lit(c).as("name"), index.as("bin")));
        });
    Dataset<Row> cell = data.select(explode(array(cells.toArray(Column[]::new))).as("cell"));
    for (Row r :
        cell.where(col("cell.bin").isNotNull())
            .groupBy(col("cell.name"), col("cell.bin"))
            .count()
            .collectAsList()) {
      counts
          .computeIfAbsent(Rows.string(r, "name"), k -> new HashMap<>())
          .put(Rows.intValue(r, "bin"), Rows.longValue(r, "count"));
    }
    return counts;
  }

  /** Rows per value of a column, most first; empty when the table is absent. */
  private Map<String, Long> countBy(String table, String column) {
    Map<String, Long> counts = new LinkedHashMap<>();
    if (!exists(table)) {
      return counts;
    }
    for (Row r :
        table(table).groupBy(column).count().orderBy(desc("count"), col(column)).collectAsList()) {
      counts.put(
          Rows.isNull(r, column) ? "(none)" : Rows.string(r, column), Rows.longValue(r, "count"));
    }
    return counts;
  }

  /** The distinct models that wrote responses and scores (at most 20), in one query. */
  private List<String> models() {
    Dataset<Row> names = null;
    for (String[] t :
        new String[][] {{Tables.RESPONSES, "model"}, {Tables.SCORES, "judge_model"}}) {
      if (exists(t[0])) {
        Dataset<Row> these = table(t[0]).select(col(t[1]).as("model"));
        names = names == null ? these : names.union(these);
      }
    }
    List<String> models = new ArrayList<>();
    if (names != null) {
      for (Row r :
          names
              .where(col("model").isNotNull())
              .distinct()
              .orderBy("model")
              .limit(20)
              .collectAsList()) {
        models.add(Rows.string(r, "model"));
      }
    }
    return models;
  }

  /** The most frequent failure reasons, each with one of its messages as it was. */
  public List<FailureReason> failureReasons() {
    if (!exists(Tables.FAILURES)) {
      return List.of();
    }
    Dataset<Row> failures = table(Tables.FAILURES);
    Column reason =
        udf((UDF1<String, String>) FailureReason::normalize, DataTypes.StringType)
            .apply(col("message"));
    List<FailureReason> reasons = new ArrayList<>();
    for (Row r :
        failures
            .select(col("stage"), col("error_class"), reason.as("reason"), col("message"))
            .groupBy("stage", "error_class", "reason")
            .agg(count(lit(1)).as("count"), min(col("message")).as("example"))
            .orderBy(desc("count"), col("stage"), col("error_class"), col("reason"))
            .limit(RunReport.TOP_FAILURE_REASONS)
            .collectAsList()) {
      reasons.add(
          new FailureReason(
              Rows.string(r, "stage"),
              Rows.string(r, "error_class"),
              Rows.string(r, "reason"),
              Rows.longValue(r, "count"),
              Rows.isNull(r, "example") ? null : Rows.string(r, "example")));
    }
    return reasons;
  }

  private static List<StageCost> stages(JsonNode stages) {
    List<StageCost> out = new ArrayList<>();
    stages
        .properties()
        .forEach(
            e ->
                out.add(
                    new StageCost(
                        e.getKey(),
                        e.getValue().path("prompt-tokens").asLong(),
                        e.getValue().path("completion-tokens").asLong(),
                        ReportFigures.number(e.getValue().path("cost-usd")))));
    return out;
  }

  private Dataset<Row> table(String name) {
    return tables.computeIfAbsent(name, n -> spark.read().parquet(root + "/" + n));
  }

  private boolean exists(String name) {
    Path path = new Path(root + "/" + name);
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** A JSON file under the root, or a missing node when there is none. */
  private JsonNode readJson(String name) {
    Path path = new Path(root + "/" + name);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        return JSON.missingNode();
      }
      try (InputStream in = fs.open(path)) {
        return JSON.readTree(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private void writeText(String name, String text) {
    Path path = new Path(root + "/" + name);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.mkdirs(path.getParent());
      try (OutputStream out = fs.create(path, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + path + ": " + e.getMessage(), e);
    }
  }
}
