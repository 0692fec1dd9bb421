package io.sparksdg.spark.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.sparksdg.config.ConfigException;
import io.sparksdg.config.SdgConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of a run under its output root: one folder per table, {@code _staging/} for what
 * model-calling stages committed batch by batch, {@code _run.json} (the fingerprint and config of
 * the run that owns the root) and {@code _summary.json} (rows per table, failures, the budget).
 */
public final class OutputLayout {

  private static final Logger LOG = LoggerFactory.getLogger(OutputLayout.class);
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .registerModule(
              new SimpleModule("durations")
                  .addSerializer(Duration.class, new ToStringSerializer(Duration.class)));

  /**
   * The version of the tables' layout this build writes, kept in {@code _run.json}. Raise it when a
   * table gains a column its older rows cannot fill (a non-null one): a resumed run would otherwise
   * meet rows without it. Roots from before the marker count as layout 1.
   */
  public static final int TABLE_LAYOUT = 2;

  private final String root;
  private final Configuration hadoop;
  private String runId;
  private String started;

  public OutputLayout(String root, Configuration hadoop) {
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    this.hadoop = hadoop;
  }

  public String root() {
    return root;
  }

  /**
   * This run's id, distinct for every run (a resumed run gets a new one, as does the same config
   * run into another root); null before {@link #claim}. Not the config fingerprint, which stays the
   * same for every run of a config.
   */
  public String runId() {
    return runId;
  }

  /** The id of the run that claimed {@code root} last, from its {@code _run.json}; or null. */
  public static String lastRunId(String root, Configuration hadoop) {
    JsonNode run = new OutputLayout(root, hadoop).readJson("_run.json");
    return run == null || !run.path("run-id").isTextual() ? null : run.get("run-id").asText();
  }

  /** A new run id: the UTC start time to the second and a random suffix. */
  static String newRunId(Instant now) {
    return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(java.time.ZoneOffset.UTC)
            .format(now)
        + "-"
        + UUID.randomUUID().toString().substring(0, 6);
  }

  public String table(String name) {
    return root + "/" + name;
  }

  String staging(String name) {
    return root + "/_staging/" + name;
  }

  /**
   * Takes the output root for a run: refuses a root that holds another configuration's tables
   * (unless {@code overwrite}, which discards them), resumes one that holds this configuration's.
   */
  public void claim(String fingerprint, SdgConfig config, boolean overwrite) {
    Instant now = Instant.now();
    runId = newRunId(now);
    started = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    java.util.List<Object> runs = earlierRuns(fingerprint, overwrite);
    if (runs.isEmpty()) {
      LOG.info("Run {} (config fingerprint {}) writing to {}", runId, fingerprint, root);
    }
    runs.add(Map.of("run-id", runId, "started", started));
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("fingerprint", fingerprint);
    run.put("table-layout", TABLE_LAYOUT);
    run.put("run-id", runId);
    run.put("started", started);
    run.put("runs", runs);
    // The config holds no secrets: keys are named by environment variable or file, never inlined.
    run.put("config", config);
    writeJson("_run.json", run);
  }

  /**
   * The earlier runs of this root, oldest first, when the last one had this fingerprint and table
   * layout (a resume); none for a new root. A root of another config or layout is refused, or
   * discarded with {@code overwrite}.
   */
  private java.util.List<Object> earlierRuns(String fingerprint, boolean overwrite) {
    Path runFile = new Path(root, "_run.json");
    java.util.List<Object> runs = new java.util.ArrayList<>();
    try {
      FileSystem fs = runFile.getFileSystem(hadoop);
      if (fs.exists(runFile)) {
        String previous;
        int layout;
        try (InputStream in = fs.open(runFile)) {
          JsonNode node = JSON.readTree(in);
          previous = node.path("fingerprint").asText("");
          layout = node.path("table-layout").asInt(1);
          if (previous.equals(fingerprint) && layout == TABLE_LAYOUT) {
            node.path("runs").forEach(runs::add); // the earlier runs of this root, oldest first
          }
        }
        if (previous.equals(fingerprint) && layout != TABLE_LAYOUT) {
          if (!overwrite) {
            throw new ConfigException(
                String.format(
                    "Output root %s holds tables of run %s in table layout %d, written by another"
                        + " version of spark-sdg (this one writes layout %d and cannot resume"
                        + " them): use another --out, or --set run.overwrite=true to discard them",
                    root, previous, layout, TABLE_LAYOUT));
          }
          LOG.warn(
              "Discarding the tables of run {} under {} (table layout {}, run.overwrite=true)",
              previous,
              root,
              layout);
          fs.delete(new Path(root), true);
        } else if (!previous.equals(fingerprint)) {
          if (!overwrite) {
            throw new ConfigException(
                String.format(
                    "Output root %s holds tables of run %s, made with a different config than this"
                        + " run (%s): use another --out, or --set run.overwrite=true to discard"
                        + " them",
                    root, previous, fingerprint));
          }
          LOG.warn("Discarding the tables of run {} under {} (run.overwrite=true)", previous, root);
          fs.delete(new Path(root), true);
        } else {
          LOG.info(
              "Run {} resumes under {} (config fingerprint {}, {} earlier run(s)): committed work"
                  + " is kept",
              runId,
              root,
              fingerprint,
              runs.size());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + runFile + ": " + e.getMessage(), e);
    }
    return runs;
  }

  /** Writes rows under {@code _staging/<name>} and returns them read back. */
  public Dataset<Row> keep(String name, Dataset<Row> rows) {
    String path = staging(name);
    rows.write().mode(SaveMode.Overwrite).parquet(path);
    return rows.sparkSession().read().schema(rows.schema()).parquet(path);
  }

  /**
   * Writes a table beside its old version and swaps it in by renaming, so a reader outside Spark
   * sees the old table or the new one, never a half-written one.
   */
  public void replaceTable(String name, Dataset<Row> rows) {
    Path target = new Path(table(name));
    Path temp = new Path(root, "_staging/.tmp-" + name + "-" + UUID.randomUUID());
    rows.write().mode(SaveMode.ErrorIfExists).parquet(temp.toString());
    try {
      swap(target.getFileSystem(hadoop), temp, target, new Path(root, "_staging"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot commit table " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Puts the folder {@code temp} in the place of {@code target} (which may not exist): the old one
   * is moved aside under {@code aside} first and deleted after, so a reader sees one or the other.
   */
  public static void swap(FileSystem fs, Path temp, Path target, Path aside) throws IOException {
    Path old = new Path(aside, ".old-" + target.getName() + "-" + UUID.randomUUID());
    boolean hadOld = fs.exists(target) && fs.rename(target, old);
    if (!fs.rename(temp, target)) {
      throw new IOException("rename of " + temp + " to " + target + " failed");
    }
    if (hadOld) {
      fs.delete(old, true);
    }
  }

  public void writeSummary(RunSummary summary) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("fingerprint", summary.fingerprint());
    out.put("run-id", runId);
    out.put(
        "finished", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    out.put("rows", summary.rows());
    out.put("work-items", summary.workItems());
    out.put("failures", summary.failures());
    out.put("failure-share", summary.failureShare());
    out.put("error-budget", summary.errorBudget());
    out.put("within-budget", summary.withinBudget());
    writeJson("_summary.json", out);
  }

  /**
   * {@code _metrics.json}: the run's per-endpoint counters, the rows each table got, and {@code
   * extra} top-level keys (cost); the earlier runs of this root kept as {@code attempts}, with the
   * {@code total} over all (see {@link MetricsHistory}).
   */
  public void writeMetrics(
      String fingerprint,
      Map<String, Object> endpoints,
      Map<String, Long> rows,
      Map<String, Object> extra) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("fingerprint", fingerprint);
    out.put("run-id", runId);
    out.put("started", started);
    out.put(
        "finished", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    out.put("endpoints", endpoints);
    out.put("rows", rows);
    out.putAll(extra);
    JsonNode previous = readJson("_metrics.json");
    writeJson("_metrics.json", MetricsHistory.merge(previous, JSON.valueToTree(out), JSON));
  }

  /** A JSON file under the root, or null when there is none or it cannot be parsed. */
  private JsonNode readJson(String name) {
    Path path = new Path(root + "/" + name);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      if (!fs.exists(path)) {
        return null;
      }
      try (InputStream in = fs.open(path)) {
        return JSON.readTree(in);
      }
    } catch (IOException e) { // a damaged file only loses the history it held
      LOG.warn("Cannot read {}: {}; its history is not kept", path, e.toString());
      return null;
    }
  }

  private void writeJson(String name, Object value) {
    Path path = new Path(root + "/" + name);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      fs.mkdirs(path.getParent());
      try (OutputStream out = fs.create(path, true)) {
        JSON.writeValue(out, value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + path + ": " + e.getMessage(), e);
    }
  }
}
