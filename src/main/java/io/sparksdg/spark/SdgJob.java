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
import io.sparksdg.pipeline.GenerateDialoguesStage;
import io.sparksdg.pipeline.GeneratePromptsStage;
import io.sparksdg.pipeline.GenerateResponsesStage;
import io.sparksdg.pipeline.GenerateTopicsStage;
import io.sparksdg.pipeline.GeneratorChoice;
import io.sparksdg.pipeline.ImportPromptsStage;
import io.sparksdg.pipeline.JudgePairsStage;
import io.sparksdg.pipeline.PairPreferencesStage;
import io.sparksdg.pipeline.QualityFilter;
import io.sparksdg.pipeline.ScoreResponsesStage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver: runs the stages in order, each reading the committed Parquet of the ones before it.
 * Model-calling stages run as resumable {@link ModelStep}s; the others are pure functions of the
 * committed tables and are recomputed whole.
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
  private final List<Dataset<Row>> failures = new ArrayList<>();
  private final Map<String, EndpointMetrics> metrics = new LinkedHashMap<>();
  private long workItems;

  /**
   * @param config a validated config whose endpoints are all reachable URLs (embedded ones already
   *     started and resolved)
   */
  public SdgJob(SparkSession spark, SdgConfig config) {
    this.spark = spark;
    this.config = config;
    this.out = new OutputLayout(config.output().root(), spark.sparkContext().hadoopConfiguration());
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
    out.claim(fingerprint, config, config.run().overwrite());
    try {
      Dataset<Row> prompts = prompts();
      Dataset<Row> responses = generateResponses(prompts);
      Dataset<Row> scores = scoreResponses(prompts, responses);
      Dataset<Row> dialogues = config.dialogues().enabled() ? generateDialogues(prompts) : null;
      Dataset<Row> scored = scored(prompts, responses, scores);
      writeSft(scored, dialogues);
      writePreferences(scored, judgePairs(scored));
      long failed = writeFailures();
      if (config.exports().enabled()) {
        describe("exports", "Write trainer exports");
        new Exports(spark, out, config, fingerprint).write();
      }
      RunSummary summary =
          new RunSummary(fingerprint, rows, workItems, failed, config.run().errorBudget());
      out.writeSummary(summary);
      return summary;
    } finally {
      writeMetrics();
    }
  }

  /** {@code _metrics.json}: every endpoint's counters summed over executors, and rows so far. */
  private void writeMetrics() {
    Map<String, Object> endpoints = new LinkedHashMap<>();
    metrics.forEach(
        (name, m) -> {
          endpoints.put(name, m.value().toJson());
          LOG.info("Endpoint {}: {}", name, m.value());
        });
    try {
      out.writeMetrics(fingerprint, endpoints, rows);
    } catch (RuntimeException e) { // the run's own outcome matters more than its metrics
      LOG.warn("Could not write _metrics.json under {}: {}", out.root(), e.toString());
    }
  }

  /**
   * The prompts of this run: an earlier round's, imported, or synthetic, plus the extra imports;
   * committed as the {@code prompts} table.
   */
  private Dataset<Row> prompts() {
    List<String> extras = config.prompts().extraImports();
    Dataset<Row> base;
    if (config.prompts().fromRound() != null) {
      String earlier = config.prompts().fromRound().replaceAll("/+$", "") + "/" + Tables.PROMPTS;
      describe("prompts", "Take the prompts of an earlier round from " + earlier);
      base = promptColumns(spark.read().parquet(earlier));
    } else if (config.prompts().imported()) {
      base = importPrompts(config.prompts().importPath(), 0);
    } else {
      base = generatePrompts();
      if (extras.isEmpty()) {
        return base;
      }
      base = promptColumns(base);
    }
    for (int i = 0; i < extras.size(); i++) {
      base = base.unionByName(importPrompts(extras.get(i), i + 1));
    }
    write(Tables.PROMPTS, base.dropDuplicates("prompt_id"));
    return committed(Tables.PROMPTS);
  }

  private static Dataset<Row> promptColumns(Dataset<Row> prompts) {
    return prompts.select(
        Arrays.stream(Tables.PROMPT.schema().fieldNames())
            .map(prompts::col)
            .toArray(Column[]::new));
  }

  /** The valid, first-seen prompts of one JSONL file; bad lines join the failures. */
  private Dataset<Row> importPrompts(String path, int fileIndex) {
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
    StructType outcome = Tables.numberedOutcome(Tables.PROMPT);
    Dataset<Row> staged =
        spark
            .createDataFrame(lines, lineSchema)
            .mapPartitions(
                new ExecutorFunctions.ImportPrompts(
                    new ImportPromptsStage(config.prompts().maxChars())),
                Encoders.row(outcome));
    staged.persist();
    workItems += staged.count();
    // A repeated source id keeps its first line; later lines go to failures.
    Dataset<Row> ranked =
        staged
            .where(col("ok").isNotNull())
            .withColumn(
                "rank", row_number().over(Window.partitionBy("ok.source_id").orderBy("line")));
    Dataset<Row> kept =
        out.keep(
            "imported-prompts-" + fileIndex, ranked.where(col("rank").equalTo(1)).select("ok.*"));
    Dataset<Row> duplicates =
        ranked
            .where(col("rank").gt(1))
            .select(
                col("ok.source_id").as("record_id"),
                lit(null).cast(DataTypes.StringType).as("prompt_id"),
                lit(Tables.PROMPTS).as("stage"),
                lit("invalid_input").as("error_class"),
                lit(0).as("http_status"),
                lit(0).as("attempts"),
                duplicateMessage(),
                lit(null).cast(DataTypes.StringType).as("raw"));
    Dataset<Row> bad =
        staged.where(col("failure").isNotNull()).select("failure.*").unionByName(duplicates);
    failures.add(
        out.keep(fileIndex == 0 ? "failures-prompts" : "failures-prompts-" + fileIndex, bad));
    staged.unpersist();
    return kept;
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
    ExecutorFunctions.Target target = target(name, "prompts.generator");
    EndpointConfig endpoint = target.config();
    Sampling sampling = sampling(endpoint);
    long seed = config.run().seed();

    describe("topics", "Generate " + config.prompts().topics() + " topics");
    GenerateTopicsStage topicsStage =
        new GenerateTopicsStage(endpoint.model(), sampling, config.prompts().topics(), seed);
    Dataset<Row> topicWork =
        spark.createDataFrame(
            List.of(RowFactory.create(topicsStage.requestId())),
            new StructType().add(ModelStep.WORK_ID, DataTypes.StringType, false));
    Dataset<Row> topics =
        commit(
            Tables.TOPICS,
            Tables.TOPIC,
            "topic_id",
            topicWork,
            new ExecutorFunctions.GenerateTopics(topicsStage, target));

    describe(
        "prompts", "Generate " + config.prompts().questionsPerTopic() + " questions per topic");
    GeneratePromptsStage promptsStage =
        new GeneratePromptsStage(
            endpoint.model(), sampling, config.prompts().questionsPerTopic(), seed);
    Dataset<Row> requests =
        topics.map(
            new WorkItems.TopicRequest(promptsStage), Encoders.row(WorkItems.TOPIC_REQUESTS));
    return commit(
        Tables.PROMPTS,
        Tables.PROMPT,
        "prompt_id",
        requests,
        new ExecutorFunctions.GeneratePrompts(promptsStage, target));
  }

  private Dataset<Row> generateResponses(Dataset<Row> prompts) {
    Map<String, Double> weights = config.responses().generators();
    int perPrompt = config.responses().perPrompt();
    describe("responses", perPrompt + " responses per prompt from " + weights.keySet());
    Map<String, GenerateResponsesStage> stages = new LinkedHashMap<>();
    Map<String, ExecutorFunctions.Target> targets = new LinkedHashMap<>();
    for (String name : weights.keySet()) {
      ExecutorFunctions.Target target = target(name, "responses.generators");
      targets.put(name, target);
      stages.put(
          name,
          new GenerateResponsesStage(
              target.config().model(), sampling(target.config()), perPrompt, config.run().seed()));
    }
    GeneratorChoice choice = new GeneratorChoice(weights, config.run().seed());
    Dataset<Row> samples =
        prompts.flatMap(
            new WorkItems.Samples(choice, stages, perPrompt), Encoders.row(WorkItems.SAMPLES));
    return commit(
        Tables.RESPONSES,
        Tables.RESPONSE,
        "response_id",
        samples,
        new ExecutorFunctions.GenerateResponses(stages, targets),
        col("prompt.messages"));
  }

  private Dataset<Row> generateDialogues(Dataset<Row> prompts) {
    var d = config.dialogues();
    ExecutorFunctions.Target user = target(d.user(), "dialogues.user");
    ExecutorFunctions.Target assistant = target(d.assistant(), "dialogues.assistant");
    ExecutorFunctions.Target reward = target(config.scores().judge(), "scores.judge");
    describe(
        "dialogues", d.perPrompt() + " dialogue(s) of " + d.turns() + " user turns per prompt");
    double minReward = d.minReward() != null ? d.minReward() : config.filter().minReward();
    GenerateDialoguesStage stage =
        new GenerateDialoguesStage(
            d,
            user.config().model(),
            sampling(user.config()),
            assistant.config().model(),
            sampling(assistant.config()),
            new RewardWeights(config.scores().weights()),
            minReward,
            config.run().seed());
    Dataset<Row> work =
        prompts.flatMap(
            new WorkItems.Dialogues(stage, d.perPrompt()), Encoders.row(WorkItems.DIALOGUES));
    return commit(
        Tables.DIALOGUES,
        Tables.DIALOGUE,
        "dialogue_id",
        work,
        new ExecutorFunctions.GenerateDialogues(stage, user, assistant, reward));
  }

  /**
   * The LLM judge's verdicts on the pairs of prompts it decides for; empty when it takes no part.
   */
  private Dataset<Row> judgePairs(Dataset<Row> scored) {
    if (!config.preferences().usesLlmJudge()) {
      return spark.createDataFrame(List.of(), Tables.JUDGEMENT.schema());
    }
    String name = config.preferences().llmJudge();
    ExecutorFunctions.Target target = target(name, "preferences.llm-judge");
    describe("judgements", "Ask " + name + " to judge pairs, twice with positions swapped");
    EndpointConfig endpoint = target.config();
    JudgePairsStage stage =
        new JudgePairsStage(
            endpoint.model(),
            new Sampling(0.0, null, endpoint.maxTokens(), null),
            config.run().seed());
    Dataset<Row> work =
        scored
            .groupByKey(
                (MapFunction<Row, String>) row -> row.getStruct(0).getString(0), Encoders.STRING())
            .flatMapGroups(
                new WorkItems.JudgePairs(new PairPreferencesStage(config.preferences()), stage),
                Encoders.row(WorkItems.JUDGE_PAIRS));
    return commit(
        Tables.JUDGEMENTS,
        Tables.JUDGEMENT,
        "judgement_id",
        work,
        new ExecutorFunctions.JudgePairs(stage, target));
  }

  private Dataset<Row> scoreResponses(Dataset<Row> prompts, Dataset<Row> responses) {
    String name = config.scores().judge();
    ExecutorFunctions.Target target = target(name, "scores.judge");
    describe("scores", "Score responses with " + name);
    Dataset<Row> work =
        responses
            .join(
                prompts.select(
                    col("prompt_id").as("p_id"), asStruct(prompts, Tables.PROMPT, "prompt")),
                col("prompt_id").equalTo(col("p_id")))
            .select(
                col("response_id").as(ModelStep.WORK_ID),
                col("prompt"),
                asStruct(responses, Tables.RESPONSE, "response"));
    return commit(
        Tables.SCORES,
        Tables.SCORE,
        "response_id",
        work,
        new ExecutorFunctions.ScoreResponses(
            new ScoreResponsesStage(new RewardWeights(config.scores().weights())), target),
        col("prompt.messages"));
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

  private void writeSft(Dataset<Row> scored, Dataset<Row> dialogues) {
    describe("sft", "Filter scored responses for SFT");
    Dataset<Row> sft =
        scored.mapPartitions(
            new ExecutorFunctions.FilterSft(new QualityFilter(config.filter())),
            Encoders.row(Tables.SFT_ROW.schema()));
    if (dialogues != null) {
      sft =
          sft.unionByName(
              dialogues
                  .where(col("kept"))
                  .mapPartitions(
                      new ExecutorFunctions.DialogueSft(), Encoders.row(Tables.SFT_ROW.schema())));
    }
    write(Tables.SFT, sft);
  }

  private void writePreferences(Dataset<Row> scored, Dataset<Row> judgements) {
    describe("preferences", "Pair responses into preferences");
    Dataset<Row> pairing =
        scored
            .groupByKey(
                (MapFunction<Row, String>) row -> row.getStruct(0).getString(0), Encoders.STRING())
            .cogroup(
                judgements.groupByKey(
                    (MapFunction<Row, String>) row -> row.getString(row.fieldIndex("prompt_id")),
                    Encoders.STRING()),
                new ExecutorFunctions.PairPreferences(
                    new PairPreferencesStage(config.preferences())),
                Encoders.row(ExecutorFunctions.PAIRING));
    Dataset<Row> kept = out.keep("pairing", pairing);
    write(Tables.PAIR_CANDIDATES, kept.select("candidate.*"));
    write(Tables.PREFERENCES, kept.where(col("preference").isNotNull()).select("preference.*"));
  }

  private long writeFailures() {
    describe("failures", "Collect failures");
    Dataset<Row> all = spark.createDataFrame(List.of(), Tables.FAILURE.schema());
    for (Dataset<Row> f : failures) {
      all = all.unionByName(f);
    }
    write(Tables.FAILURES, all.dropDuplicates("stage", "record_id").coalesce(1));
    return rows.get(Tables.FAILURES);
  }

  /** Runs a model-calling stage and commits its table; its failures join the failures table. */
  private Dataset<Row> commit(
      String table,
      RecordSchema<?> schema,
      String idColumn,
      Dataset<Row> work,
      org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row> call,
      Column... sortWithinPartitions) {
    ModelStep.Result result =
        new ModelStep(spark, out, table, schema, idColumn, config.run().batchSize(), partitions)
            .run(work, call, sortWithinPartitions);
    workItems += result.workItems();
    write(table, result.table());
    failures.add(result.failures());
    return committed(table);
  }

  private void write(String table, Dataset<Row> data) {
    long start = System.nanoTime();
    Dataset<Row> stamped = data.withColumn(Tables.FINGERPRINT, lit(fingerprint));
    if (!table.equals(Tables.FAILURES)) {
      stamped = stamped.withColumn(Tables.ROUND, lit(config.run().round()));
    }
    out.replaceTable(table, stamped);
    long count = committed(table).count();
    rows.put(table, count);
    LOG.info(
        "Stage {}: {} rows committed in {} s",
        table,
        count,
        String.format("%.1f", (System.nanoTime() - start) / 1e9));
  }

  private Dataset<Row> committed(String table) {
    return spark.read().parquet(out.table(table));
  }

  private void describe(String stage, String description) {
    spark.sparkContext().setJobGroup("sdg-" + stage, "sdg " + stage + ": " + description, false);
    LOG.info("Stage {}: {}", stage, description);
  }

  /**
   * The endpoint named at {@code key}, with this executor's share of its job-wide in-flight and
   * per-minute budgets.
   */
  private ExecutorFunctions.Target target(String name, String key) {
    EndpointConfig endpoint = config.endpoint(name, key);
    EndpointMetrics counters =
        metrics.computeIfAbsent(
            name,
            n -> {
              EndpointMetrics m = new EndpointMetrics(n);
              spark.sparkContext().register(m, "sdg endpoint " + n);
              return m;
            });
    return new ExecutorFunctions.Target(
        name, endpoint.shareAcross(executors), config.run().circuitBreaker(), counters);
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
}
