package io.sparksdg.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.sparksdg.config.SdgConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Where a run's files go under the output root: one folder per table, {@code _staging/} for
 * model-calling stages' outcomes, {@code _run.json} (fingerprint and config) and {@code
 * _summary.json} (rows per table, failures, the error budget).
 */
final class OutputLayout {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .registerModule(
              new SimpleModule("durations")
                  .addSerializer(Duration.class, new ToStringSerializer(Duration.class)));

  private final String root;

  OutputLayout(String root) {
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  String root() {
    return root;
  }

  String table(String name) {
    return root + "/" + name;
  }

  String staging(String name) {
    return root + "/_staging/" + name;
  }

  void writeRunFile(SparkSession spark, String fingerprint, SdgConfig config) {
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("fingerprint", fingerprint);
    run.put("started", Instant.now().toString());
    run.put("spark-version", spark.version());
    // The config holds no secrets: keys are named by environment variable or file, never inlined.
    run.put("config", config);
    writeJson(spark, "_run.json", run);
  }

  void writeSummary(SparkSession spark, RunSummary summary) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("fingerprint", summary.fingerprint());
    out.put("finished", Instant.now().toString());
    out.put("rows", summary.rows());
    out.put("work-items", summary.workItems());
    out.put("failures", summary.failures());
    out.put("failure-share", summary.failureShare());
    out.put("error-budget", summary.errorBudget());
    out.put("within-budget", summary.withinBudget());
    writeJson(spark, "_summary.json", out);
  }

  private void writeJson(SparkSession spark, String name, Object value) {
    Path path = new Path(root + "/" + name);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.mkdirs(path.getParent());
      try (OutputStream out = fs.create(path, true)) {
        JSON.writeValue(out, value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + path + ": " + e.getMessage(), e);
    }
  }
}
