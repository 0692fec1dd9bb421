package io.sparksdg.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;

import io.sparksdg.config.EndpointConfig;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.io.RecordSchema;
import io.sparksdg.io.Tables;
import io.sparksdg.judge.RewardWeights;
import io.sparksdg.model.Sampling;
import io.sparksdg.pipeline.GeneratePromptsStage;
import io.sparksdg.pipeline.GenerateResponsesStage;
import io.sparksdg.pipeline.GenerateTopicsStage;
import io.sparksdg.pipeline.ImportPromptsStage;
import io.sparksdg.pipeline.PairPreferencesStage;
import io.sparksdg.pipeline.QualityFilter;
import io.sparksdg.pipeline.ScoreResponsesStage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver: runs the stages in order, each reading the committed Parquet of the ones before it.
 *
 * <p>A model-calling stage evaluates its calls exactly once per run: its outcomes (rows and
 * failures together) are written to a staging table first, and the stage's table and its share of
 * {@code failures} are then derived from that staged copy, never by recomputing the calls.
 */
public final class SdgJob {

  private static final Logger LOG = LoggerFactory.getLogger(SdgJob.class);

  private final SparkSession spark;
  private final SdgConfig config;
  private final OutputLayout out;
  private final String fingerprint;
  private final int partitions;
  private final int executors;
  private final Map<String, Long> rows = new LinkedHashMap<>();
  private final List<String> stagedFailures = new ArrayList<>();
  private long workItems;

  /**
   * @param config a validated config whose endpoints are all reachable URLs (embedded ones already
   *     started and resolved)
   */
  public SdgJob(SparkSession spark, SdgConfig config) {
    this.spark = spark;
    this.config = config;
    this.out = new OutputLayout(config.output().root());
    this.fingerprint = Fingerprint.of(config);
    int configured = config.run().partitions();
    this.partitions =
        configured > 0 ? configured : Math.max(2, spark.sparkContext().defaultParallelism() * 2);
    this.executors = executorCount(spark);
  }

  public RunSummary run() {
    LOG.info(
        "Run {} writing to {} ({} partitions per model stage, {} executor(s))",
        fingerprint,
        out.root(),
        partitions,
        executors);
    out.writeRunFile(spark, fingerprint, config);
    Dataset<Row> prompts = config.prompts().imported() ? importPrompts() : generatePrompts();
    Dataset<Row> responses = generateResponses(prompts);
    Dataset<Row> scores = scoreResponses(prompts, responses);
    Dataset<Row> scored = scored(prompts, responses, scores);
    writeSft(scored);
    writePreferences(scored);
    long failures = writeFailures();
    RunSummary summary =
        new RunSummary(fingerprint, rows, workItems, failures, config.run().errorBudget());
    out.writeSummary(spark, summary);
    return summary;
  }

  private Dataset<Row> importPrompts() {
    String path = config.prompts().importPath();
    describe("prompts", "Import prompts from " + path);
    JavaRDD<Row> lines =
        spark
            .read()
            .textFile(path)
            .javaRDD()
            .zipWithIndex()
            .filter(t -> !t._1().isBlank())
            .map(t -> RowFactory.create(t._1(), t._2() + 1));
    StructType lineSchema =
        new StructType()
            .add("value", DataTypes.StringType, false)
            .add("line", DataTypes.LongType, false);
    Dataset<Row> outcomes =
        spark
            .createDataFrame(lines, lineSchema)
            .mapPartitions(
                new ExecutorFunctions.ImportPrompts(
                    new ImportPromptsStage(config.prompts().maxChars())),
                Encoders.row(Tables.numberedOutcome(Tables.PROMPT)));
    String staging = stage("prompts", outcomes);
    Dataset<Row> staged =
        spark.read().schema(Tables.numberedOutcome(Tables.PROMPT)).parquet(staging);
    workItems += staged.count();
    // A repeated source id keeps its first line; later lines go to failures.
    Dataset<Row> ranked =
        staged
            .where(col("ok").isNotNull())
            .withColumn(
                "rank", row_number().over(Window.partitionBy("ok.source_id").orderBy("line")));
    write(Tables.PROMPTS, ranked.where(col("rank").equalTo(1)).select("ok.*"));
    Dataset<Row> duplicates =
        ranked
            .where(col("rank").gt(1))
            .select(
                struct(
                        col("ok.source_id").as("record_id"),
                        lit(null).cast(DataTypes.StringType).as("prompt_id"),
                        lit(Tables.PROMPTS).as("stage"),
                        lit("invalid_input").as("error_class"),
                        lit(0).as("http_status"),
                        lit(0).as("attempts"),
                        duplicateMessage(),
                        lit(null).cast(DataTypes.StringType).as("raw"))
                    .as("failure"));
    Dataset<Row> failures =
        staged.where(col("failure").isNotNull()).select("failure").unionByName(duplicates);
    stagedFailures.add(stageFailures("prompts-import", failures));
    return committed(Tables.PROMPTS);
  }

  private static Column duplicateMessage() {
    return concat(
            lit("repeated id '"),
            col("ok.source_id"),
            lit("' at line "),
            col("line").cast(DataTypes.StringType),
            lit(": the first line with this id was kept"))
        .as("message");
  }

  private Dataset<Row> generatePrompts() {
    String name = config.prompts().generator();
    EndpointConfig endpoint = share(config.endpoint(name, "prompts.generator"));
    Sampling sampling = sampling(endpoint);
    long seed = config.run().seed();

    describe("topics", "Generate " + config.prompts().topics() + " topics");
    Dataset<Row> seedRow =
        spark.createDataFrame(
            List.of(RowFactory.create(1)), new StructType().add("seed", DataTypes.IntegerType));
    Dataset<Row> topicOutcomes =
        seedRow.mapPartitions(
            new ExecutorFunctions.GenerateTopics(
                new GenerateTopicsStage(
                    endpoint.model(), sampling, config.prompts().topics(), seed),
                name,
                endpoint),
            Encoders.row(Tables.outcome(Tables.TOPIC)));
    workItems += 1;
    Dataset<Row> topics = commit(Tables.TOPICS, topicOutcomes, Tables.TOPIC, "topic_id");

    describe(
        "prompts", "Generate " + config.prompts().questionsPerTopic() + " questions per topic");
    workItems += topics.count();
    Dataset<Row> promptOutcomes =
        topics
            .repartition(partitions, col("topic_id"))
            .mapPartitions(
                new ExecutorFunctions.GeneratePrompts(
                    new GeneratePromptsStage(
                        endpoint.model(), sampling, config.prompts().questionsPerTopic(), seed),
                    name,
                    endpoint),
                Encoders.row(Tables.outcome(Tables.PROMPT)));
    return commit(Tables.PROMPTS, promptOutcomes, Tables.PROMPT, "prompt_id");
  }

  private Dataset<Row> generateResponses(Dataset<Row> prompts) {
    String name = config.responses().generator();
    EndpointConfig endpoint = share(config.endpoint(name, "responses.generator"));
    int perPrompt = config.responses().perPrompt();
    describe("responses", perPrompt + " responses per prompt from " + name);
    workItems += prompts.count() * perPrompt;
    Dataset<Row> outcomes =
        prompts
            .repartition(partitions, col("prompt_id"))
            // prompts sharing a prefix go out together, for the server's prefix cache
            .sortWithinPartitions(col("messages"))
            .mapPartitions(
                new ExecutorFunctions.GenerateResponses(
                    new GenerateResponsesStage(
                        endpoint.model(), sampling(endpoint), perPrompt, config.run().seed()),
                    name,
                    endpoint),
                Encoders.row(Tables.outcome(Tables.RESPONSE)));
    return commit(Tables.RESPONSES, outcomes, Tables.RESPONSE, "response_id");
  }

  private Dataset<Row> scoreResponses(Dataset<Row> prompts, Dataset<Row> responses) {
    String name = config.scores().judge();
    EndpointConfig endpoint = share(config.endpoint(name, "scores.judge"));
    describe("scores", "Score responses with " + name);
    Dataset<Row> items =
        responses
            .join(
                prompts.select(
                    col("prompt_id").as("p_id"), asStruct(prompts, Tables.PROMPT, "prompt")),
                col("prompt_id").equalTo(col("p_id")))
            .select(col("prompt"), asStruct(responses, Tables.RESPONSE, "response"));
    workItems += responses.count();
    Dataset<Row> outcomes =
        items
            .repartition(partitions, col("response.response_id"))
            .sortWithinPartitions(col("prompt.messages"))
            .mapPartitions(
                new ExecutorFunctions.ScoreResponses(
                    new ScoreResponsesStage(new RewardWeights(config.scores().weights())),
                    name,
                    endpoint),
                Encoders.row(Tables.outcome(Tables.SCORE)));
    return commit(Tables.SCORES, outcomes, Tables.SCORE, "response_id");
  }

  /** Rows {@code (prompt, response, score)} for every scored response. */
  private Dataset<Row> scored(Dataset<Row> prompts, Dataset<Row> responses, Dataset<Row> scores) {
    Dataset<Row> p =
        prompts.select(col("prompt_id").as("p_id"), asStruct(prompts, Tables.PROMPT, "prompt"));
    Dataset<Row> r =
        responses.select(
            col("response_id").as("r_id"),
            col("prompt_id").as("r_prompt_id"),
            asStruct(responses, Tables.RESPONSE, "response"));
    Dataset<Row> s =
        scores.select(col("response_id").as("s_id"), asStruct(scores, Tables.SCORE, "score"));
    return s.join(r, col("s_id").equalTo(col("r_id")))
        .join(p, col("r_prompt_id").equalTo(col("p_id")))
        .select("prompt", "response", "score");
  }

  private void writeSft(Dataset<Row> scored) {
    describe("sft", "Filter scored responses for SFT");
    write(
        Tables.SFT,
        scored.mapPartitions(
            new ExecutorFunctions.FilterSft(new QualityFilter(config.filter())),
            Encoders.row(Tables.SFT_ROW.schema())));
  }

  private void writePreferences(Dataset<Row> scored) {
    describe("preferences", "Pair responses into preferences");
    write(
        Tables.PREFERENCES,
        scored
            .groupByKey(
                (org.apache.spark.api.java.function.MapFunction<Row, String>)
                    row -> row.getStruct(0).getString(0),
                Encoders.STRING())
            .flatMapGroups(
                new ExecutorFunctions.PairPreferences(
                    new PairPreferencesStage(config.preferences().minMargin())),
                Encoders.row(Tables.PREFERENCE.schema())));
  }

  private long writeFailures() {
    describe("failures", "Collect failures");
    Dataset<Row> all = spark.createDataFrame(List.of(), Tables.FAILURE.schema());
    for (String path : stagedFailures) {
      all = all.unionByName(spark.read().schema(Tables.FAILURE.schema()).parquet(path));
    }
    write(Tables.FAILURES, all.dropDuplicates("stage", "record_id").coalesce(1));
    return rows.get(Tables.FAILURES);
  }

  /**
   * Stages a model-calling step's outcomes (evaluating its calls once), then writes its table and
   * keeps its failures for the failures table.
   */
  private Dataset<Row> commit(
      String table, Dataset<Row> outcomes, RecordSchema<?> schema, String idColumn) {
    String staging = stage(table, outcomes);
    Dataset<Row> staged = spark.read().schema(Tables.outcome(schema)).parquet(staging);
    write(table, staged.where(col("ok").isNotNull()).select("ok.*").dropDuplicates(idColumn));
    stagedFailures.add(
        stageFailures(table, staged.where(col("failure").isNotNull()).select("failure")));
    return committed(table);
  }

  private String stage(String table, Dataset<Row> outcomes) {
    String staging = out.staging(table);
    long start = System.nanoTime();
    outcomes.write().mode(SaveMode.Overwrite).parquet(staging);
    LOG.info("Stage {}: calls finished in {} s", table, seconds(start));
    return staging;
  }

  private String stageFailures(String name, Dataset<Row> failureStructs) {
    String path = out.staging("failures-" + name);
    failureStructs.select("failure.*").write().mode(SaveMode.Overwrite).parquet(path);
    return path;
  }

  private void write(String table, Dataset<Row> data) {
    long start = System.nanoTime();
    data.withColumn(Tables.FINGERPRINT, lit(fingerprint))
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(out.table(table));
    long count = committed(table).count();
    rows.put(table, count);
    LOG.info("Stage {}: {} rows committed in {} s", table, count, seconds(start));
  }

  private Dataset<Row> committed(String table) {
    return spark.read().parquet(out.table(table));
  }

  private void describe(String stage, String description) {
    spark.sparkContext().setJobGroup("sdg-" + stage, "sdg " + stage + ": " + description, false);
    LOG.info("Stage {}: {}", stage, description);
  }

  /** This executor's share of the endpoint's job-wide in-flight and per-minute budgets. */
  private EndpointConfig share(EndpointConfig endpoint) {
    return endpoint.shareAcross(executors);
  }

  private static Sampling sampling(EndpointConfig endpoint) {
    return new Sampling(endpoint.temperature(), endpoint.topP(), endpoint.maxTokens(), null);
  }

  private static Column asStruct(Dataset<Row> data, RecordSchema<?> schema, String name) {
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

  private static String seconds(long startNanos) {
    return String.format("%.1f", (System.nanoTime() - startNanos) / 1e9);
  }
}
