package io.sparksdg.spark.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.row_number;

import io.sparksdg.model.ErrorClass;
import io.sparksdg.spark.exec.ModelCalls;
import io.sparksdg.spark.tables.RecordSchema;
import io.sparksdg.spark.tables.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model-calling stage, run as a sequence of committed micro-batches so that it can be resumed.
 *
 * <p>Its input is a table of work items, each with a deterministic {@code work_id} (one model
 * call). Items already done, in this run or an earlier one with the same fingerprint, are skipped;
 * the rest are split by a hash of their id into batches of about {@code batch-size}, and each batch
 * is one Spark write of outcome rows {@code (work_id, ok, failure)} to its own folder under {@code
 * _staging/<table>/}. Spark's commit protocol makes a batch all-or-nothing (its {@code _SUCCESS}
 * marker), so a killed driver loses at most the batch in flight, and task retries never leave a
 * second copy of a row. The stage's table is then derived from the committed batches, one row per
 * id, and swapped in whole, so readers outside Spark never see a partial table.
 *
 * <p>A failure counts as done unless its class is worth retrying on a re-run (a server that was
 * overloaded or down); rejected requests, unusable output and invalid input stay failed.
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
  private static final String SEQ = "_batch";

  /** What a finished step left: its committed table and its final failures. */
  public record Result(Dataset<Row> table, Dataset<Row> failures, long workItems) {}

  private final SparkSession spark;
  private final OutputLayout out;
  private final String table;
  private final RecordSchema<?> schema;
  private final String idColumn;
  private final long batchSize;
  private final int partitions;
  private final StructType outcomeSchema;
  private final RunMonitor monitor;

  public ModelStep(
      SparkSession spark,
      OutputLayout out,
      String table,
      RecordSchema<?> schema,
      String idColumn,
      long batchSize,
      int partitions,
      RunMonitor monitor) {
    this.monitor = monitor;
    this.spark = spark;
    this.out = out;
    this.table = table;
    this.schema = schema;
    this.idColumn = idColumn;
    this.batchSize = batchSize;
    this.partitions = partitions;
    this.outcomeSchema = outcomeSchema(schema);
  }

  static StructType outcomeSchema(RecordSchema<?> schema) {
    return new StructType()
        .add(WORK_ID, DataTypes.StringType, false)
        .add("ok", schema.schema(), true)
        .add("failure", Tables.FAILURE.schema(), true);
  }

  /**
   * @param work the work items, with a {@code work_id} column and whatever {@code call} reads
   * @param call the executor function: work item rows in, outcome rows out
   * @param sortWithinPartitions the order of work inside a partition: prompts that share a prefix
   *     go out together, which helps servers' prefix caches
   */
  public Result run(
      Dataset<Row> work, MapPartitionsFunction<Row, Row> call, Column... sortWithinPartitions) {
    Path dir = new Path(out.staging(table));
    List<Path> batches = committedBatches(dir);
    long total = work.count();
    Dataset<Row> pending = work;
    if (!batches.isEmpty()) {
      pending =
          work.join(
              doneWorkIds(read(batches)), work.col(WORK_ID).equalTo(col("done_id")), "left_anti");
    }
    long pendingCount = batches.isEmpty() ? total : pending.count();
    if (pendingCount < total) {
      LOG.info(
          "Stage {}: {} of {} work items already done in earlier runs; requesting the other {}",
          RunMonitor.stageName(table),
          total - pendingCount,
          total,
          pendingCount);
    }
    try (RunMonitor.Step progress = monitor.start(table, total, total - pendingCount)) {
      if (pendingCount > 0) {
        runBatches(
            pending,
            pendingCount,
            dir,
            batches,
            progress.counted(call),
            progress,
            sortWithinPartitions);
      }
    }
    Dataset<Row> staged = read(batches);
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
   * Writes the pending work as committed batches; stops before a batch once the budget is spent.
   */
  private void runBatches(
      Dataset<Row> pending,
      long pendingCount,
      Path dir,
      List<Path> batches,
      MapPartitionsFunction<Row, Row> call,
      RunMonitor.Step progress,
      Column... sortWithinPartitions) {
    int count = (int) Math.max(1, (pendingCount + batchSize - 1) / batchSize);
    Dataset<Row> bucketed = pending.withColumn("_bucket", pmod(hash(col(WORK_ID)), lit(count)));
    bucketed.persist();
    int next = nextSequence(batches);
    long start = System.nanoTime();
    try {
      for (int b = 0; b < count; b++) {
        monitor.checkBudget(table);
        Path batch = new Path(dir, String.format("batch-%06d", next + b));
        Dataset<Row> slice =
            bucketed
                .where(col("_bucket").equalTo(b))
                .drop("_bucket")
                .repartition(partitions, col(WORK_ID));
        if (sortWithinPartitions.length > 0) {
          slice = slice.sortWithinPartitions(sortWithinPartitions);
        }
        slice
            .mapPartitions(call, Encoders.row(outcomeSchema))
            .write()
            .mode(SaveMode.ErrorIfExists)
            .parquet(batch.toString());
        batches.add(batch);
        progress.committed(b + 1, count);
      }
      double secs = (System.nanoTime() - start) / 1e9;
      progress.log(
          "Stage {}: calls finished in {} s ({} work items, {} /s)",
          table,
          String.format("%.1f", secs),
          pendingCount,
          String.format("%.1f", pendingCount / Math.max(secs, 1e-3)));
    } finally {
      bucketed.unpersist();
    }
  }

  /** Work ids whose outcome is final: succeeded, or failed in a way a re-run would not fix. */
  private Dataset<Row> doneWorkIds(Dataset<Row> staged) {
    return staged
        .where(col("ok").isNotNull().or(col("failure.error_class").isin(FINAL_FAILURES.toArray())))
        .select(col(WORK_ID).as("done_id"))
        .distinct();
  }

  private Dataset<Row> read(List<Path> batches) {
    if (batches.isEmpty()) {
      return spark.createDataFrame(List.of(), outcomeSchema).withColumn(SEQ, lit(0));
    }
    String[] paths = batches.stream().map(Path::toString).toArray(String[]::new);
    return spark
        .read()
        .schema(outcomeSchema)
        .parquet(paths)
        .withColumn(
            SEQ, regexp_extract(input_file_name(), "batch-(\\d+)", 1).cast(DataTypes.IntegerType));
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
