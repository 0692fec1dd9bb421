package io.sparksdg.spark.run;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.sparksdg.config.RunConfig;
import io.sparksdg.model.http.BatchApi;
import io.sparksdg.spark.exec.BatchCalls;
import io.sparksdg.spark.exec.ModelCalls;
import io.sparksdg.spark.exec.Target;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model step whose endpoints are in batch mode: its pending work written as one JSONL batch file
 * per endpoint and partition (a Spark job), each file recorded in the {@link BatchManifest} before
 * it is uploaded and its batch created, the batches polled from the driver, their output and error
 * files downloaded to the step's staging folder, and every line replayed into the step's own call
 * on executors (a Spark job), so that its outcome lands in the step's outcome log as an online
 * call's would. Lines that failed or expired go out again in a new batch, at most {@code
 * batch-max-resubmissions} times; what still fails then is a failure with its reason.
 *
 * <p>Outputs are read on executors: a batch's output can hold millions of answers, and the records
 * are built where the work items are, by the step's own code; the driver only streams files from
 * the API to storage and polls.
 */
final class BatchFlow {

  private static final Logger LOG = LoggerFactory.getLogger(BatchFlow.class);

  /**
   * A Spark local property that stops the driver (with an exception) once every batch of a round is
   * created, so tests can show that a re-run polls those batches instead of uploading again.
   */
  static final String CHAOS_STOP_AFTER_CREATE = ModelStep.CHAOS_STOP_AFTER_BATCHES_CREATED;

  private static final StructType IDS =
      new StructType()
          .add("done_id", DataTypes.StringType, false)
          .add(BatchCalls.BATCH_ID, DataTypes.StringType, false)
          .add(BatchCalls.BATCH_STATUS, DataTypes.StringType, false)
          .add(BatchCalls.SUBMISSION, DataTypes.IntegerType, false);

  private final SparkSession spark;
  private final OutputLayout out;
  private final String table;
  private final int partitions;
  private final RunConfig settings;
  private final RunBudget budget;
  private final Configuration hadoop;
  private final Path root;
  private final BatchManifest manifest;

  BatchFlow(
      SparkSession spark,
      OutputLayout out,
      String table,
      int partitions,
      RunConfig settings,
      RunBudget budget) {
    this.spark = spark;
    this.out = out;
    this.table = table;
    this.partitions = partitions;
    this.settings = settings;
    this.budget = budget;
    this.hadoop = spark.sparkContext().hadoopConfiguration();
    this.root = new Path(out.staging(table), "batches");
    this.manifest = BatchManifest.load(new Path(root, "state"), hadoop);
  }

  /** Whether an earlier run left batches of this step to poll. */
  boolean started() {
    return !manifest.isEmpty();
  }

  void run(Dataset<Row> pending, long pendingCount, ModelCalls<?> call, RunMonitor.Step progress) {
    Map<String, Target> own = call.own();
    if (manifest.isEmpty()) {
      if (pendingCount == 0) {
        return;
      }
      budget.check(table);
      manifest.ready(0, requests(pending, call));
    } else {
      progress.log(
          "Stage {}: found the batches of an earlier run (round {}); polling them",
          table,
          manifest.lastRound());
    }
    int lastRound =
        own.values().stream().mapToInt(t -> t.config().batch().maxResubmissions()).max().orElse(0);
    Map<String, BatchApi> apis = new LinkedHashMap<>();
    own.forEach((name, t) -> apis.put(name, BatchApi.of(name, t.config())));
    long pollMillis =
        own.values().stream()
            .mapToLong(t -> t.config().batch().pollInterval().toMillis())
            .min()
            .orElse(1000);
    for (int round = manifest.lastRound(); ; round++) {
      List<BatchManifest.Entry> entries = submit(manifest.round(round), apis, progress);
      if (Boolean.parseBoolean(spark.sparkContext().getLocalProperty(CHAOS_STOP_AFTER_CREATE))) {
        throw new IllegalStateException(
            "Injected stop after the batches were created (" + CHAOS_STOP_AFTER_CREATE + ")");
      }
      entries = await(entries, apis, pollMillis, progress);
      boolean last = round >= lastRound;
      Set<String> again = replay(pending, call, entries, round, last, progress);
      if (again.isEmpty()) {
        break;
      }
      progress.log(
          "Stage {}: {} lines failed or expired; sending them again (resubmission {} of {})",
          table,
          again.size(),
          round + 1,
          lastRound);
      manifest.ready(round + 1, resubmission(entries, again, round + 1));
    }
    manifest.finish();
  }

  /** The pending work as request files, one per endpoint and partition (a Spark job). */
  private List<BatchManifest.Entry> requests(Dataset<Row> pending, ModelCalls<?> call) {
    Path dir = new Path(root, "input");
    spark.sparkContext().setJobDescription("spark-sdg step " + table + ": batch files");
    List<Row> files;
    try {
      files =
          pending
              .repartition(partitions, col(ModelStep.WORK_ID))
              .mapPartitions(
                  new BatchCalls.Requests(call, dir.toString(), "r000", hadoop),
                  Encoders.row(BatchCalls.FILES))
              .collectAsList();
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
    List<BatchManifest.Entry> entries = new ArrayList<>();
    for (Row f : files) {
      entries.add(
          new BatchManifest.Entry(
              table,
              f.getString(0),
              0,
              f.getInt(1),
              f.getString(2),
              List.copyOf(f.<String>getList(3)),
              f.getDouble(4),
              null,
              null,
              null,
              null,
              null,
              null,
              0));
    }
    return entries;
  }

  /** Uploads and creates what is not yet, each step recorded as soon as it is done. */
  private List<BatchManifest.Entry> submit(
      List<BatchManifest.Entry> entries, Map<String, BatchApi> apis, RunMonitor.Step progress) {
    double cost =
        entries.stream().filter(e -> e.batchId() == null).mapToDouble(e -> e.costUsd()).sum();
    if (cost > 0 && budget.limited() && cost > budget.share(1)) {
      progress.log(
          "Stage {}: not sending batches expected to cost ${} at the batch price: more than is"
              + " left of run.max-budget",
          table,
          String.format(java.util.Locale.ROOT, "%.4f", cost));
      budget.markSpent();
      throw budget.stop(table);
    }
    List<BatchManifest.Entry> out = new ArrayList<>();
    for (BatchManifest.Entry e : entries) {
      BatchApi api = apis.get(e.endpoint());
      if (e.fileId() == null) {
        e = manifest.save(e.uploaded(api.upload(new Path(e.input()).getName(), read(e.input()))));
      }
      if (e.batchId() == null) {
        e = manifest.save(e.created(api.create(e.fileId()), "validating"));
        progress.log(
            "Stage {}: batch {} created for {} lines ({}, partition {}, round {})",
            table,
            e.batchId(),
            e.ids().size(),
            e.endpoint(),
            e.partition(),
            e.round());
      }
      out.add(e);
    }
    return out;
  }

  /** Polls until every batch ended and its files are downloaded. */
  private List<BatchManifest.Entry> await(
      List<BatchManifest.Entry> entries,
      Map<String, BatchApi> apis,
      long pollMillis,
      RunMonitor.Step progress) {
    List<BatchManifest.Entry> now = new ArrayList<>(entries);
    Map<String, BatchApi.Status> seen = new LinkedHashMap<>();
    String lastLine = "";
    while (true) {
      for (int i = 0; i < now.size(); i++) {
        BatchManifest.Entry e = now.get(i);
        if (!e.downloaded()) {
          now.set(i, advance(e, apis.get(e.endpoint()), seen));
        }
      }
      lastLine = logProgress(now, seen, lastLine, progress);
      if (now.stream().allMatch(BatchManifest.Entry::downloaded)) {
        return now;
      }
      try {
        Thread.sleep(pollMillis);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while polling batches of " + table, ex);
      }
    }
  }

  /**
   * One poll of a batch not yet downloaded: its new status saved, and once it ended its output and
   * error files fetched. Returns the entry as saved.
   */
  private BatchManifest.Entry advance(
      BatchManifest.Entry e, BatchApi api, Map<String, BatchApi.Status> seen) {
    if (!e.ended()) {
      BatchApi.Status s = api.status(e.batchId());
      seen.put(e.batchId(), s);
      if (!s.status().equals(e.status())) {
        e = manifest.save(e.polled(s.status(), s.errors()));
      }
    }
    if (!e.ended()) {
      return e;
    }
    BatchApi.Status s = seen.containsKey(e.batchId()) ? seen.get(e.batchId()) : null;
    if (s == null) {
      s = api.status(e.batchId());
    }
    if ("failed".equals(e.status())) {
      LOG.warn("Stage {}: batch {} failed: {}", table, e.batchId(), e.problem());
    }
    return manifest.save(
        e.fetched(
            fetch(api, s.outputFileId(), e, "output"), fetch(api, s.errorFileId(), e, "errors")));
  }

  /** Logs the batches' progress when it changed since {@code lastLine}; returns the new line. */
  private String logProgress(
      List<BatchManifest.Entry> now,
      Map<String, BatchApi.Status> seen,
      String lastLine,
      RunMonitor.Step progress) {
    long ended = now.stream().filter(BatchManifest.Entry::ended).count();
    long completed = seen.values().stream().mapToLong(BatchApi.Status::completed).sum();
    long failed = seen.values().stream().mapToLong(BatchApi.Status::failed).sum();
    long lines = now.stream().mapToLong(e -> e.ids().size()).sum();
    String line = ended + "/" + completed + "/" + failed;
    if (!line.equals(lastLine)) {
      progress.log(
          "Stage {}: {} of {} batches ended; {} of {} lines answered, {} failed or expired",
          table,
          ended,
          now.size(),
          completed,
          lines,
          failed);
    }
    return line;
  }

  /** Downloads a result file next to the batch state; an absent file becomes an empty one. */
  private String fetch(BatchApi api, String fileId, BatchManifest.Entry e, String kind) {
    Path target = new Path(new Path(root, "results"), e.name() + "." + kind + ".jsonl");
    if (fileId == null) {
      if ("output".equals(kind)) {
        BatchCalls.write(target, "", hadoop);
        return target.toString();
      }
      return null;
    }
    try {
      FileSystem fs = target.getFileSystem(hadoop);
      Path tmp = new Path(new Path(target.getParent(), "_tmp"), target.getName());
      try (OutputStream o = fs.create(tmp, true)) {
        api.download(fileId, o);
      }
      if (fs.exists(target)) {
        fs.delete(target, false);
      }
      if (!fs.rename(tmp, target)) {
        throw new IOException("rename to " + target + " failed");
      }
      return target.toString();
    } catch (IOException ex) {
      throw new UncheckedIOException("Cannot store " + target + ": " + ex.getMessage(), ex);
    }
  }

  /**
   * Every line of a round's batches into the step's outcome log (a Spark job); returns the ids to
   * send again, none in the last round.
   */
  private Set<String> replay(
      Dataset<Row> pending,
      ModelCalls<?> call,
      List<BatchManifest.Entry> entries,
      int round,
      boolean last,
      RunMonitor.Step progress) {
    Dataset<Row> results = results(entries, round);
    Set<String> again = new HashSet<>();
    Dataset<Row> cached = results.cache();
    if (!last) {
      for (Row r : results.where(col("resubmit")).select("done_id").collectAsList()) {
        again.add(r.getString(0));
      }
      results = results.where(not(col("resubmit")));
    }
    Dataset<Row> work =
        pending
            .join(results, pending.col(ModelStep.WORK_ID).equalTo(results.col("done_id")))
            .drop("done_id", "resubmit");
    ModelCalls<?> logged = call.loggedTo(ModelStep.log(spark, out, table, settings));
    MapPartitionsFunction<Row, Row> replies = progress.counted(new BatchCalls.Replies(logged));
    spark.sparkContext().setJobDescription("spark-sdg step " + table + ": batch results");
    try {
      work.foreachPartition(
          (ForeachPartitionFunction<Row>)
              rows -> {
                Iterator<Row> outcomes = replies.call(rows);
                while (outcomes.hasNext()) {
                  outcomes.next();
                }
              });
    } finally {
      spark.sparkContext().setJobDescription(null);
      cached.unpersist();
    }
    return again;
  }

  /**
   * Each line sent in a round's batches with its answer or error, if the result files hold one
   * ({@code resubmit} true for a line they do not answer).
   */
  private Dataset<Row> results(List<BatchManifest.Entry> entries, int round) {
    List<Row> idRows = new ArrayList<>();
    List<String> files = new ArrayList<>();
    for (BatchManifest.Entry e : entries) {
      for (String id : e.ids()) {
        idRows.add(RowFactory.create(id, e.batchId(), e.status(), round + 1));
      }
      files.add(e.output());
      if (e.errors() != null) {
        files.add(e.errors());
      }
    }
    Dataset<Row> ids = spark.createDataFrame(idRows, IDS);
    Dataset<Row> lines =
        spark
            .read()
            .text(files.toArray(String[]::new))
            .where(col("value").notEqual(lit("")))
            .map(new BatchCalls.Lines(), Encoders.row(BatchCalls.LINES))
            .where(col("custom_id").isNotNull())
            .dropDuplicates("custom_id");
    return ids.join(lines, ids.col("done_id").equalTo(lines.col("custom_id")), "left")
        .withColumn("resubmit", coalesce(col("resubmit"), lit(true)))
        .drop("custom_id");
  }

  /** Request files of the lines to send again, one per batch they were in. */
  private List<BatchManifest.Entry> resubmission(
      List<BatchManifest.Entry> entries, Set<String> again, int round) {
    List<BatchManifest.Entry> next = new ArrayList<>();
    for (BatchManifest.Entry e : entries) {
      StringBuilder text = new StringBuilder();
      List<String> ids = new ArrayList<>();
      try (InputStream in = new Path(e.input()).getFileSystem(hadoop).open(new Path(e.input()));
          BufferedReader reader =
              new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          String id = BatchApi.customId(line);
          if (id != null && again.contains(id)) {
            text.append(line).append('\n');
            ids.add(id);
          }
        }
      } catch (IOException ex) {
        throw new UncheckedIOException("Cannot read " + e.input() + ": " + ex.getMessage(), ex);
      }
      if (ids.isEmpty()) {
        continue;
      }
      Path input =
          new Path(
              new Path(root, "input"),
              String.format(
                  java.util.Locale.ROOT,
                  "r%03d-%s-p%05d.jsonl",
                  round,
                  e.endpoint(),
                  e.partition()));
      BatchCalls.write(input, text.toString(), hadoop);
      next.add(
          new BatchManifest.Entry(
              table,
              e.endpoint(),
              round,
              e.partition(),
              input.toString(),
              ids,
              e.costUsd() * ids.size() / Math.max(1, e.ids().size()),
              null,
              null,
              null,
              null,
              null,
              null,
              0));
    }
    return next;
  }

  private byte[] read(String path) {
    try (InputStream in = new Path(path).getFileSystem(hadoop).open(new Path(path))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }
}
