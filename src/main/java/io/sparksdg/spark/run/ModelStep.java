package io.sparksdg.spark.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.row_number;

import io.sparksdg.config.RunConfig;
import io.sparksdg.model.ErrorClass;
import io.sparksdg.spark.exec.ModelCalls;
import io.sparksdg.spark.exec.OutcomeLog;
import io.sparksdg.spark.tables.Outcomes;
import io.sparksdg.spark.tables.RecordSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model-calling step, run as one Spark job whose tasks commit every outcome to an {@link
 * OutcomeLog} within a flush interval, so that it can be resumed call by call.
 *
 * <p>Its input is a table of work items, each with a deterministic {@code work_id} (one model
 * call). Items already done, in this run or an earlier one with the same fingerprint, are skipped,
 * whatever was killed when; the rest go out in one job with no barrier inside it: a task yields
 * outcomes as calls complete and the endpoints' JVM-wide limiters hand a draining task's slots to
 * the tasks still running. When the job ends, the committed log files are compacted into one
 * Parquet folder under {@code _staging/<table>/} (Spark's commit protocol makes it all-or-nothing)
 * and deleted; the step's table is derived from the compacted folders, one row per id (a success
 * beats a failure; a retried or speculative duplicate never yields a second row), and swapped in
 * whole, so readers outside Spark never see a partial table.
 *
 * <p>A failure counts as done unless its class is worth retrying on a re-run (a server that was
 * overloaded or down); rejected requests, unusable output and invalid input stay failed.
 *
 * <p>When the step's endpoints are in batch mode, {@link BatchFlow} replaces the one job: the work
 * goes out as batches of the provider's batch API and their answers come back into the same outcome
 * log, so everything after (compaction, the table, failures) is the same.
 */
public final class ModelStep {

  private static final Logger LOG = LoggerFactory.getLogger(ModelStep.class);

  /** Error classes whose records a re-run does not request again. */
  static final Set<String> FINAL_FAILURES =
      Set.of(
          ErrorClass.REJECTED.label(),
          ErrorClass.UNUSABLE_OUTPUT.label(),
          ErrorClass.INVALID_INPUT.label());

  public static final String WORK_ID = ModelCalls.WORK_ID;

  /**
   * A Spark local property (set on the driver thread) that stops a batch-mode step with an
   * exception once its batches are created, as a killed driver would stop, for tests of re-runs.
   */
  public static final String CHAOS_STOP_AFTER_BATCHES_CREATED = "sdg.chaos.stopAfterBatchesCreated";

  private static final String SEQ = "_batch";

  /** What a finished step left: its committed table and its final failures. */
  public record Result(Dataset<Row> table, Dataset<Row> failures, long workItems) {}

  private final SparkSession spark;
  private final OutputLayout out;
  private final String table;
  private final String idColumn;
  private final int partitions;
  private final int executors;
  private final StructType outcomeSchema;
  private final RunMonitor monitor;
  private final RunConfig settings;

  public ModelStep(
      SparkSession spark,
      OutputLayout out,
      String table,
      RecordSchema<?> schema,
      String idColumn,
      int partitions,
      int executors,
      RunConfig settings,
      RunMonitor monitor) {
    this.executors = executors;
    this.monitor = monitor;
    this.spark = spark;
    this.out = out;
    this.table = table;
    this.idColumn = idColumn;
    this.partitions = partitions;
    this.settings = settings;
    this.outcomeSchema = Outcomes.schema(schema);
  }

  /** The outcome log of step {@code table} under {@code out}, for a new launch of its job. */
  static OutcomeLog log(SparkSession spark, OutputLayout out, String table, RunConfig settings) {
    return new OutcomeLog(
        out.staging(table),
        UUID.randomUUID().toString().substring(0, 8),
        settings.flushInterval().toMillis(),
        settings.flushOutcomes(),
        spark.sparkContext().hadoopConfiguration());
  }

  /**
   * @param work the work items, with a {@code work_id} column and whatever {@code call} reads
   * @param call the executor function: work item rows in, outcome rows out
   * @param sortWithinPartitions the order of work inside a partition: prompts that share a prefix
   *     go out together, which helps servers' prefix caches
   */
  public Result run(Dataset<Row> work, ModelCalls<?> call, Column... sortWithinPartitions) {
    // a batch is not fused with later steps: they run on their own once it is done
    call = call.withoutBatchFollowUps();
    Path dir = new Path(out.staging(table));
    Path logDir = new Path(dir, OutcomeLog.FILES);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    OutcomeLog.discardUncommitted(logDir, hadoop);
    List<Path> batches = committedBatches(dir);
    List<Path> logs = OutcomeLog.committed(logDir, hadoop);
    long total = work.count();
    boolean started = !batches.isEmpty() || !logs.isEmpty();
    Dataset<Row> pending = work;
    if (started) {
      pending =
          work.join(
              doneWorkIds(read(batches, logs)),
              work.col(WORK_ID).equalTo(col("done_id")),
              "left_anti");
    }
    long pendingCount = started ? pending.count() : total;
    if (pendingCount < total) {
      LOG.info(
          "Stage {}: {} of {} work items already committed; requesting the other {}",
          RunMonitor.stageName(table),
          total - pendingCount,
          total,
          pendingCount);
    }
    try (RunMonitor.Step progress =
        monitor.start(table, total, total - pendingCount, call.followUpSteps())) {
      if (call.batchMode()) {
        BatchFlow batch = new BatchFlow(spark, out, table, partitions, settings, monitor.budget());
        if (pendingCount > 0 || batch.started()) {
          batch.run(
              pending, pendingCount, call.loggedTo(log(spark, out, table, settings)), progress);
        }
      } else if (pendingCount > 0) {
        flow(pending, pendingCount, call, progress, sortWithinPartitions);
      }
    }
    compact(dir, batches, OutcomeLog.committed(logDir, hadoop));
    Dataset<Row> staged = read(batches, List.of());
    Dataset<Row> okWork =
        staged.where(col("ok").isNotNull()).select(col(WORK_ID).as("ok_work_id")).distinct();
    Dataset<Row> rows = staged.where(col("ok").isNotNull()).select("ok.*").dropDuplicates(idColumn);
    // The newest failure of each record whose work item never succeeded.
    Dataset<Row> failures =
        staged
            .where(col("failure").isNotNull())
            .join(okWork, col(WORK_ID).equalTo(col("ok_work_id")), "left_anti")
            .withColumn(
                "_newest",
                row_number().over(Window.partitionBy("failure.record_id").orderBy(desc(SEQ))))
            .where(col("_newest").equalTo(1))
            .select("failure.*");
    return new Result(rows, failures, total);
  }

  /**
   * The pending work as one Spark job whose tasks commit their outcomes to the step's log; stopped
   * within about a second when the run's budget is spent (what was paid for stays committed).
   */
  private void flow(
      Dataset<Row> pending,
      long pendingCount,
      ModelCalls<?> call,
      RunMonitor.Step progress,
      Column... sortWithinPartitions) {
    RunBudget budget = monitor.budget();
    budget.check(table);
    // a call's groups (a prompt's responses, judged together) stay in one task
    Dataset<Row> parts = pending.repartition(partitions, col(call.partitionColumn()));
    if (sortWithinPartitions.length > 0) {
      parts = parts.sortWithinPartitions(sortWithinPartitions);
    }
    ModelCalls<?> calls = call.loggedTo(log(spark, out, table, settings));
    LongAccumulator budgetStops = spark.sparkContext().longAccumulator("sdg budget " + table);
    if (budget.limited()) {
      calls = calls.withBudget(budget.share(executors), budgetStops);
    }
    MapPartitionsFunction<Row, Row> logged = progress.counted(calls);
    Path logDir = new Path(out.staging(table), OutcomeLog.FILES);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    spark.sparkContext().setJobDescription("spark-sdg step " + RunMonitor.stageName(table));
    long start = System.nanoTime();
    try (RunBudget.Watch watch = budget.watch(() -> OutcomeLog.signalStop(logDir, hadoop))) {
      parts.foreachPartition(
          (ForeachPartitionFunction<Row>)
              rows -> {
                Iterator<Row> outcomes = logged.call(rows);
                while (outcomes.hasNext()) {
                  outcomes.next();
                }
              });
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
    if (budgetStops.value() > 0 || budget.spent()) {
      budget.markSpent();
      compact(
          new Path(out.staging(table)),
          committedBatches(new Path(out.staging(table))),
          OutcomeLog.committed(logDir, hadoop));
      throw budget.stop(table);
    }
    double secs = (System.nanoTime() - start) / 1e9;
    progress.log(
        "Stage {}: calls finished in {} s ({} work items, {} /s)",
        table,
        String.format(Locale.ROOT, "%.1f", secs),
        pendingCount,
        String.format(Locale.ROOT, "%.1f", pendingCount / Math.max(secs, 1e-3)));
  }

  /**
   * Folds committed log files into one new Parquet folder (all-or-nothing), then deletes them; a
   * run killed between the two reads both, and the readers keep one outcome per id.
   */
  private void compact(Path dir, List<Path> batches, List<Path> logs) {
    if (logs.isEmpty()) {
      return;
    }
    Path batch = new Path(dir, String.format(Locale.ROOT, "batch-%06d", nextSequence(batches)));
    readLogs(logs).write().mode(SaveMode.ErrorIfExists).parquet(batch.toString());
    batches.add(batch);
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (Path log : logs) {
        fs.delete(log, false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete compacted logs in " + dir + ": " + e, e);
    }
    LOG.info(
        "Stage {}: {} outcome log files compacted into {}",
        RunMonitor.stageName(table),
        logs.size(),
        batch.getName());
  }

  /** Work ids whose outcome is final: succeeded, or failed in a way a re-run would not fix. */
  private Dataset<Row> doneWorkIds(Dataset<Row> staged) {
    return staged
        .where(col("ok").isNotNull().or(col("failure.error_class").isin(FINAL_FAILURES.toArray())))
        .select(col(WORK_ID).as("done_id"))
        .distinct();
  }

  /** Compacted batches (numbered by their folder) and committed logs (newest of all). */
  private Dataset<Row> read(List<Path> batches, List<Path> logs) {
    Dataset<Row> all = spark.createDataFrame(List.of(), outcomeSchema).withColumn(SEQ, lit(0));
    if (!batches.isEmpty()) {
      String[] paths = batches.stream().map(Path::toString).toArray(String[]::new);
      all =
          spark
              .read()
              .schema(outcomeSchema)
              .parquet(paths)
              .withColumn(
                  SEQ,
                  regexp_extract(input_file_name(), "batch-(\\d+)", 1).cast(DataTypes.IntegerType));
    }
    if (!logs.isEmpty()) {
      all = all.unionByName(readLogs(logs).withColumn(SEQ, lit(Integer.MAX_VALUE)));
    }
    return all;
  }

  /** Committed log files as outcome rows; a line that cannot be read is requested again. */
  private Dataset<Row> readLogs(List<Path> logs) {
    String[] paths = logs.stream().map(Path::toString).toArray(String[]::new);
    return spark.read().schema(outcomeSchema).json(paths).where(col(WORK_ID).isNotNull());
  }

  /** Committed batch folders, oldest first; folders a killed run left half-written are removed. */
  private List<Path> committedBatches(Path dir) {
    List<Path> committed = new ArrayList<>();
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(dir)) {
        return committed;
      }
      FileStatus[] children = fs.listStatus(dir, p -> p.getName().startsWith("batch-"));
      java.util.Arrays.sort(children, java.util.Comparator.comparing(s -> s.getPath().getName()));
      for (FileStatus child : children) {
        if (fs.exists(new Path(child.getPath(), "_SUCCESS"))) {
          committed.add(child.getPath());
        } else {
          LOG.warn("Stage {}: discarding uncommitted batch {}", table, child.getPath().getName());
          fs.delete(child.getPath(), true);
        }
      }
      return committed;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static int nextSequence(List<Path> batches) {
    int max = -1;
    for (Path p : batches) {
      max = Math.max(max, Integer.parseInt(p.getName().substring("batch-".length())));
    }
    return max + 1;
  }
}
