package io.sparksdg.spark.run;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import io.sparksdg.config.EndpointConfig;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.model.Sampling;
import io.sparksdg.prompts.PromptTemplate;
import io.sparksdg.spark.exec.EndpointMetrics;
import io.sparksdg.spark.exec.ModelCalls;
import io.sparksdg.spark.exec.OutcomeLog;
import io.sparksdg.spark.exec.Target;
import io.sparksdg.spark.tables.RecordSchema;
import io.sparksdg.spark.tables.Tables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every step of one run shares: the session, the validated config, the output layout, and the
 * mechanics of committing a table, running a resumable model step and resolving an endpoint, in one
 * place (as Iceberg's {@code BaseSparkAction} holds them for its actions). It also keeps the run's
 * tallies: rows per table, failures to collect, work items and endpoint metrics. Settings are
 * resolved here, on the driver; only small values travel to executors.
 */
public final class RunContext {

  private static final Logger LOG = LoggerFactory.getLogger(RunContext.class);

  private final SparkSession spark;
  private final SdgConfig config;
  private final OutputLayout out;
  private final String fingerprint;
  private final int partitions;
  private final int executors;
  private final Map<String, Long> rows = new LinkedHashMap<>();
  private final List<Dataset<Row>> failures = new ArrayList<>();
  private final Map<String, EndpointMetrics> metrics = new LinkedHashMap<>();

  /** The schema of each table this run committed: reading it back needs no Spark job. */
  private final Map<String, StructType> written = new LinkedHashMap<>();

  private long workItems;
  private RunMonitor monitor;

  public RunContext(SparkSession spark, SdgConfig config) {
    this.spark = spark;
    this.config = config;
    this.out = new OutputLayout(config.output().root(), spark.sparkContext().hadoopConfiguration());
    this.fingerprint = Fingerprint.of(config);
    int configured = config.run().partitions();
    this.partitions =
        configured > 0 ? configured : Math.max(1, spark.sparkContext().defaultParallelism());
    this.executors = executorCount(spark);
  }

  /** Claims the output root for this run and starts the progress monitor. */
  public void start() {
    out.claim(fingerprint, config, config.run().overwrite());
    LOG.info("{} partitions per model stage, {} executor(s)", partitions, executors);
    if (config.run().batchSize() != null) {
      LOG.warn(
          "run.batch-size no longer does anything: every answer is committed within"
              + " run.flush-interval ({}); remove it from the config",
          config.run().flushInterval());
    }
    monitor = new RunMonitor(spark, config, metrics, RunMonitor.stderrIsTerminal(), System.err);
  }

  public SparkSession spark() {
    return spark;
  }

  public SdgConfig config() {
    return config;
  }

  public OutputLayout out() {
    return out;
  }

  public String fingerprint() {
    return fingerprint;
  }

  public RunMonitor monitor() {
    return monitor;
  }

  /** Rows committed per table (and a few named counts), in commit order. */
  public Map<String, Long> rows() {
    return rows;
  }

  public Map<String, EndpointMetrics> metrics() {
    return metrics;
  }

  public long workItems() {
    return workItems;
  }

  /** Failures of the steps so far, for the {@code failures} table. */
  public List<Dataset<Row>> failures() {
    return List.copyOf(failures);
  }

  public void addFailures(Dataset<Row> stepFailures) {
    failures.add(stepFailures);
  }

  /** Work items and failures so far, to return to with {@link #rollBack}. */
  public record Tally(long workItems, int failureSets) {}

  public Tally tally() {
    return new Tally(workItems, failures.size());
  }

  /**
   * Forgets the work items and failures counted since {@code tally}: a step committed again over
   * more work (a target's next round) counts its work and failures once, from its last commit.
   */
  public void rollBack(Tally tally) {
    workItems = tally.workItems();
    failures.subList(tally.failureSets(), failures.size()).clear();
  }

  public void addWorkItems(long n) {
    workItems += n;
  }

  public void count(String name, long n) {
    rows.put(name, n);
  }

  /** Names the Spark jobs that follow (Spark's UI) and logs what the stage does. */
  public void describe(String stage, String description) {
    spark.sparkContext().setJobGroup("sdg-" + stage, "sdg " + stage + ": " + description, false);
    LOG.info("Stage {}: {}", stage, description);
  }

  /** Stamps, writes and swaps in a table whole, and counts its rows. */
  public void write(String table, Dataset<Row> data) {
    long start = System.nanoTime();
    Dataset<Row> stamped = data.withColumn(Tables.FINGERPRINT, lit(fingerprint));
    if (!table.equals(Tables.FAILURES)) {
      stamped = stamped.withColumn(Tables.ROUND, lit(config.run().round()));
    }
    out.replaceTable(table, stamped);
    written.put(table, stamped.schema());
    long count = committed(table).count();
    rows.put(table, count);
    LOG.info(
        "Stage {}: {} rows committed in {} s",
        table,
        count,
        String.format("%.1f", (System.nanoTime() - start) / 1e9));
  }

  /** A table this run committed, read back. */
  public Dataset<Row> committed(String table) {
    // with the schema given, Spark does not run a job to read it from the files' footers
    return spark.read().schema(written.get(table)).parquet(out.table(table));
  }

  /** Keeps rows under the run's staging area, so later steps do not recompute them. */
  public Dataset<Row> keep(String name, Dataset<Row> data) {
    return out.keep(name, data);
  }

  /**
   * Runs a model-calling stage and commits its table; its failures join the failures table.
   *
   * @param sortWithinPartitions the order of work inside a partition (shared prefixes together)
   */
  public Dataset<Row> commit(
      String table,
      RecordSchema<?> schema,
      String idColumn,
      Dataset<Row> work,
      ModelCalls<?> call,
      Column... sortWithinPartitions) {
    ModelStep.Result result =
        modelStep(table, schema, idColumn).run(work, call, sortWithinPartitions);
    workItems += result.workItems();
    write(table, result.table());
    failures.add(result.failures());
    return committed(table);
  }

  /**
   * Runs a model-calling stage whose rows are kept under staging (not as a table of their own); its
   * failures join the failures table.
   */
  public Dataset<Row> stage(
      String name, RecordSchema<?> schema, String idColumn, Dataset<Row> work, ModelCalls<?> call) {
    ModelStep.Result result = modelStep(name, schema, idColumn).run(work, call);
    workItems += result.workItems();
    failures.add(result.failures());
    return out.keep("rows-" + name, result.table());
  }

  private ModelStep modelStep(String name, RecordSchema<?> schema, String idColumn) {
    return new ModelStep(
        spark, out, name, schema, idColumn, partitions, executors, config.run(), monitor);
  }

  /**
   * A new launch of step {@code table}'s outcome log, for calls another step makes on its behalf (a
   * follow-up): what they commit, the step reads as done.
   */
  public OutcomeLog outcomeLog(String table) {
    return ModelStep.log(spark, out, table, config.run());
  }

  /**
   * The endpoint named at config key {@code key}, with this executor's share of its job-wide
   * in-flight and per-minute budgets.
   */
  public Target target(String name, String key) {
    EndpointConfig endpoint = config.endpoint(name, key);
    EndpointMetrics counters =
        metrics.computeIfAbsent(
            name,
            n -> {
              EndpointMetrics m = new EndpointMetrics(n);
              spark.sparkContext().register(m, "sdg endpoint " + n);
              return m;
            });
    return new Target(
        name, endpoint.shareAcross(executors), config.run().circuitBreaker(), counters);
  }

  /** An endpoint's sampling settings. */
  public static Sampling sampling(EndpointConfig endpoint) {
    return new Sampling(endpoint.temperature(), endpoint.topP(), endpoint.maxTokens(), null);
  }

  /** Greedy decoding, for judges and guards. */
  public static Sampling greedy(EndpointConfig endpoint) {
    return new Sampling(0.0, null, endpoint.maxTokens(), null);
  }

  /** A prompt template by id, from the config's templates directory or the built-in ones. */
  public PromptTemplate template(String id) {
    return PromptTemplate.load(id, config.prompts().templatesDir());
  }

  /** The columns of {@code schema} in {@code data} as one struct column {@code name}. */
  public static Column asStruct(Dataset<Row> data, RecordSchema<?> schema, String name) {
    Column[] columns =
        Arrays.stream(schema.schema().fieldNames()).map(data::col).toArray(Column[]::new);
    return struct(columns).as(name);
  }

  private static int executorCount(SparkSession spark) {
    if (spark.sparkContext().isLocal()) {
      return 1;
    }
    int configured = spark.sparkContext().conf().getInt("spark.executor.instances", 0);
    int registered = spark.sparkContext().getExecutorMemoryStatus().size() - 1;
    return Math.max(1, Math.max(configured, registered));
  }
}
