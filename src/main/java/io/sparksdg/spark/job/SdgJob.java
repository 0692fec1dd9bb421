package io.sparksdg.spark.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.sparksdg.config.ConfigException;
import io.sparksdg.config.EndpointConfig;
import io.sparksdg.config.FamiliesConfig;
import io.sparksdg.config.PromptsConfig;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.judge.RewardWeights;
import io.sparksdg.model.Sampling;
import io.sparksdg.prompts.PromptTemplate;
import io.sparksdg.records.TopicRecord;
import io.sparksdg.spark.exec.EndpointMetrics;
import io.sparksdg.spark.exec.ExecutorFunctions;
import io.sparksdg.spark.exec.WorkItems;
import io.sparksdg.spark.run.Fingerprint;
import io.sparksdg.spark.run.ModelStep;
import io.sparksdg.spark.run.OutputLayout;
import io.sparksdg.spark.run.RunMonitor;
import io.sparksdg.spark.run.RunReports;
import io.sparksdg.spark.run.RunSummary;
import io.sparksdg.spark.steps.Blends;
import io.sparksdg.spark.steps.Exports;
import io.sparksdg.spark.steps.PromptDedup;
import io.sparksdg.spark.steps.Review;
import io.sparksdg.spark.steps.SafetyScreening;
import io.sparksdg.spark.tables.RecordSchema;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.curation.HumanReview;
import io.sparksdg.stages.curation.PairPreferencesStage;
import io.sparksdg.stages.curation.QualityFilter;
import io.sparksdg.stages.curation.SafetyPolicy;
import io.sparksdg.stages.judging.JudgePairsStage;
import io.sparksdg.stages.judging.ScoreResponsesStage;
import io.sparksdg.stages.judging.ScreenSafetyStage;
import io.sparksdg.stages.prompts.ClassifyKeywordsStage;
import io.sparksdg.stages.prompts.ClosedQaStage;
import io.sparksdg.stages.prompts.FamilyMix;
import io.sparksdg.stages.prompts.GeneratePromptsStage;
import io.sparksdg.stages.prompts.GenerateSubtopicsStage;
import io.sparksdg.stages.prompts.GenerateTopicsStage;
import io.sparksdg.stages.prompts.ImportPromptsStage;
import io.sparksdg.stages.prompts.InstructionFollowingStage;
import io.sparksdg.stages.prompts.InstructionTurnsStage;
import io.sparksdg.stages.prompts.KeywordProblemsStage;
import io.sparksdg.stages.prompts.PromptFamily;
import io.sparksdg.stages.prompts.RevisePromptsStage;
import io.sparksdg.stages.prompts.TwoTurnStage;
import io.sparksdg.stages.prompts.WritingTasksStage;
import io.sparksdg.stages.responses.GenerateDialoguesStage;
import io.sparksdg.stages.responses.GenerateResponsesStage;
import io.sparksdg.stages.responses.GeneratorChoice;
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

  /** The schema of each table this run committed: reading it back needs no Spark job. */
  private final Map<String, StructType> written = new LinkedHashMap<>();

  private long workItems;
  private RunMonitor monitor;

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
    monitor = new RunMonitor(spark, config, metrics, RunMonitor.stderrIsTerminal(), System.err);
    try {
      Dataset<Row> prompts = prompts();
      Dataset<Row> responses = generateResponses(prompts);
      Dataset<Row> scores = scoreResponses(prompts, responses);
      Dataset<Row> dialogues = config.dialogues().enabled() ? generateDialogues(prompts) : null;
      Dataset<Row> safety = config.safety().enabled() ? screenSafety(prompts, responses) : null;
      Dataset<Row> scored = SafetyScreening.annotate(scored(prompts, responses, scores), safety);
      HumanReview review = Review.load(spark, out.root(), config);
      writeSft(scored, dialogues, safety, review);
      writeBlends();
      writePreferences(scored, judgePairs(scored), review);
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
      monitor.close();
      writeMetrics();
      if (config.output().report()) {
        writeReport();
      }
    }
  }

  /** {@code _report/}: the run report, from the tables and metrics as they are now. */
  private void writeReport() {
    try {
      describe("report", "Write the run report");
      new RunReports(spark, out.root()).write();
    } catch (Exception e) { // a report must neither fail a run nor hide why a run failed
      LOG.warn("Could not write the run report under {}: {}", out.root(), e.toString());
    }
  }

  /** {@code _metrics.json}: every endpoint's counters summed over executors, and rows so far. */
  private void writeMetrics() {
    Map<String, Object> endpoints = new LinkedHashMap<>();
    metrics.forEach(
        (name, m) -> {
          Map<String, Object> json = m.value().toJson();
          // no price, no cost: the report says "not configured" rather than $0
          json.put(
              "cost-usd",
              config.endpoints().get(name).price().isSet()
                  ? monitor.endpointCosts().get(name)
                  : null);
          endpoints.put(name, json);
          LOG.info("Endpoint {}: {}", name, m.value());
        });
    try {
      out.writeMetrics(fingerprint, endpoints, rows, costs());
    } catch (RuntimeException e) { // the run's own outcome matters more than its metrics
      LOG.warn("Could not write _metrics.json under {}: {}", out.root(), e.toString());
    }
  }

  /** The cost keys of {@code _metrics.json}: per stage, in total, and the budget. */
  private Map<String, Object> costs() {
    Map<String, Object> costs = new LinkedHashMap<>();
    costs.put("stages", monitor.ledger().stagesJson());
    boolean priced = config.endpoints().values().stream().anyMatch(e -> e.price().isSet());
    costs.put(
        "cost-usd",
        priced
            ? io.sparksdg.ops.CostLedger.usd(
                monitor.endpointCosts().values().stream().mapToDouble(Double::doubleValue).sum())
            : null);
    costs.put("max-budget-usd", config.run().maxBudget());
    costs.put("budget-spent", monitor.budgetSpent());
    return costs;
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
    PromptsConfig pc = config.prompts();
    String name = pc.generator();
    ExecutorFunctions.Target target = target(name, "prompts.generator");
    EndpointConfig endpoint = target.config();
    Sampling sampling = sampling(endpoint);
    long seed = config.run().seed();
    String model = endpoint.model();
    FamiliesConfig families = pc.families();

    describe("topics", "Generate " + pc.topics() + " topics");
    GenerateTopicsStage topicsStage =
        new GenerateTopicsStage(template("macro-topics"), model, sampling, pc.topics(), seed);
    Dataset<Row> topicWork =
        spark.createDataFrame(
            List.of(RowFactory.create(topicsStage.requestId())),
            new StructType().add(ModelStep.WORK_ID, DataTypes.StringType, false));
    Dataset<Row> topics =
        step(
            Tables.TOPICS,
            Tables.TOPIC,
            "topic_id",
            topicWork,
            new ExecutorFunctions.GenerateTopics(topicsStage, target));
    if (pc.subtopicsPerTopic() > 0) {
      describe("topics", pc.subtopicsPerTopic() + " subtopics per topic");
      GenerateSubtopicsStage sub =
          new GenerateSubtopicsStage(
              template("subtopics"), model, sampling, pc.subtopicsPerTopic(), seed);
      Dataset<Row> requests =
          topics.map(new WorkItems.TopicRequest(sub), Encoders.row(WorkItems.TOPIC_REQUESTS));
      topics =
          topics.unionByName(
              step(
                  "topics-subtopics",
                  Tables.TOPIC,
                  "topic_id",
                  requests,
                  new ExecutorFunctions.GenerateSubtopics(sub, target)));
    }
    if (pc.topicsFile() != null) {
      topics = topics.unionByName(userTopics(pc.topicsFile()));
    }
    // One row per normalized name; a macro or user topic wins over a subtopic of the same name.
    write(
        Tables.TOPICS,
        topics
            .withColumn(
                "_rank",
                row_number()
                    .over(
                        Window.partitionBy("topic_id")
                            .orderBy(col("parent_id").asc_nulls_first(), col("name"))))
            .where(col("_rank").equalTo(1))
            .drop("_rank"));
    topics = committed(Tables.TOPICS);
    // Prompts are written about the leaves: subtopics and user topics when there are subtopics.
    Dataset<Row> leaves =
        pc.subtopicsPerTopic() > 0
            ? topics.where(col("parent_id").isNotNull().or(col("template_id").equalTo(USER_TOPICS)))
            : topics;

    List<Dataset<Row>> parts = new ArrayList<>();
    Dataset<Row> openQa = null;
    if (families.openQa().enabled()) {
      GeneratePromptsStage stage =
          new GeneratePromptsStage(
              template("open-questions"), model, sampling, pc.questionsPerTopic(), seed);
      openQa = family(stage, leaves.flatMap(topicRequests(stage, List.of()), familyRows()), target);
      parts.add(openQa);
      if (families.openQa().revise()) {
        parts.add(revise(GeneratePromptsStage.TASK, "revise-open-question", openQa, target));
      }
    }
    FamiliesConfig.Writing writing = families.writing();
    if (writing.enabled()) {
      WritingTasksStage stage =
          new WritingTasksStage(
              template("writing-tasks"), model, sampling, writing.perType(), seed);
      Dataset<Row> tasks =
          family(
              stage,
              leaves.flatMap(topicRequests(stage, writing.documentTypes()), familyRows()),
              target);
      parts.add(tasks);
      if (writing.revise()) {
        parts.add(revise(WritingTasksStage.TASK, "revise-writing-task", tasks, target));
      }
    }
    Dataset<Row> documents =
        spark.createDataFrame(
            List.of(),
            new StructType()
                .add("doc_id", DataTypes.StringType, false)
                .add("doc_text", DataTypes.StringType, false));
    if (families.closedQa().enabled()) {
      documents = out.keep("documents", documents(families.closedQa().documents()));
      ClosedQaStage stage =
          new ClosedQaStage(
              template("closed-qa-instructions"),
              template("closed-qa-join"),
              model,
              sampling,
              families.closedQa().perDocument(),
              seed);
      parts.add(
          family(stage, documents.map(new WorkItems.DocumentRequest(stage), familyRows()), target));
    }
    List<Dataset<Row>> verdicts = new ArrayList<>();
    for (String task : List.of(KeywordProblemsStage.MATH, KeywordProblemsStage.PYTHON)) {
      FamiliesConfig.Keywords k =
          task.equals(KeywordProblemsStage.MATH) ? families.math() : families.python();
      if (k.enabled()) {
        KeywordProblemsStage stage =
            new KeywordProblemsStage(
                task, template(task + "-problems"), model, sampling, k.perKeyword(), seed);
        Dataset<Row> words = keywords(k, leaves);
        if (k.classifyKeywords()) {
          words = classifiedKeywords(task, words, target, verdicts);
        }
        parts.add(
            family(
                stage,
                words.flatMap(new WorkItems.KeywordRequests(stage, k.levels()), familyRows()),
                target));
      }
    }
    if (!verdicts.isEmpty()) {
      write(Tables.KEYWORDS, verdicts.stream().reduce(Dataset::unionByName).orElseThrow());
    }
    FamiliesConfig.InstructionFollowing ifc = families.instructionFollowing();
    if (ifc.enabled()) {
      InstructionFollowingStage stage =
          new InstructionFollowingStage(
              template("instruction-prompts"),
              model,
              sampling,
              ifc.perTopic(),
              ifc.minInstructions(),
              ifc.maxInstructions(),
              seed);
      parts.add(
          family(stage, leaves.flatMap(topicRequests(stage, List.of()), familyRows()), target));
    }
    for (InstructionTurnsStage.Variant v : InstructionTurnsStage.Variant.values()) {
      boolean multi = v == InstructionTurnsStage.Variant.MULTI_TURN;
      FamiliesConfig.Variant vc = multi ? ifc.multiTurn() : ifc.secondTurn();
      if (vc.enabled()) {
        InstructionTurnsStage stage =
            new InstructionTurnsStage(
                v,
                template(multi ? "instruction-multi-turn" : "instruction-second-turn"),
                template("instruction-prompts"),
                template("two-turn-followup"),
                model,
                sampling,
                vc.perTopic(),
                ifc.minInstructions(),
                ifc.maxInstructions(),
                seed);
        parts.add(
            family(stage, leaves.flatMap(topicRequests(stage, List.of()), familyRows()), target));
      }
    }
    if (families.twoTurn().enabled()) {
      if (openQa == null) {
        throw new ConfigException(
            "prompts.families.two-turn starts from open questions: enable"
                + " prompts.families.open-qa as well");
      }
      TwoTurnStage stage = new TwoTurnStage(template("two-turn-followup"), model, sampling, seed);
      Dataset<Row> firsts = openQa.orderBy("prompt_id").limit(families.twoTurn().count());
      parts.add(
          family(stage, firsts.map(new WorkItems.PromptRequest(stage), familyRows()), target));
    }

    Dataset<Row> all = spark.createDataFrame(List.of(), Tables.PROMPT.schema());
    for (Dataset<Row> part : parts) {
      all = all.unionByName(part.select(promptColumns()));
    }
    all = out.keep("prompts-candidates", all.dropDuplicates("prompt_id"));
    if (pc.dedup().enabled()) {
      describe("prompts", "Remove duplicate prompts (threshold " + pc.dedup().threshold() + ")");
      PromptDedup.Result dedup = PromptDedup.run(all, documents, pc.dedup(), seed);
      write(Tables.DUPLICATES, dedup.duplicates());
      Dataset<Row> removed = committed(Tables.DUPLICATES).select(col("prompt_id").as("dup_id"));
      all = all.join(removed, col("prompt_id").equalTo(col("dup_id")), "left_anti");
    }
    write(Tables.PROMPTS, mix(all, pc.mix()));
    return committed(Tables.PROMPTS);
  }

  private static final String USER_TOPICS = "topics-file";

  private PromptTemplate template(String id) {
    return PromptTemplate.load(id, config.prompts().templatesDir());
  }

  private static WorkItems.TopicRequests topicRequests(PromptFamily family, List<String> subjects) {
    return new WorkItems.TopicRequests(family, subjects);
  }

  private static org.apache.spark.sql.Encoder<Row> familyRows() {
    return Encoders.row(WorkItems.FAMILY_REQUEST.schema());
  }

  private static Column[] promptColumns() {
    return Arrays.stream(Tables.PROMPT.schema().fieldNames())
        .map(c -> col(c))
        .toArray(Column[]::new);
  }

  /** Runs one family's requests as a resumable model step; its prompts, kept under staging. */
  private Dataset<Row> family(
      PromptFamily family, Dataset<Row> requests, ExecutorFunctions.Target target) {
    describe("prompts", "Family " + family.name());
    String table =
        "prompts-"
            + family.name()
            + "-"
            + family
                .requestId(
                    new io.sparksdg.stages.prompts.FamilyRequest(
                        null, null, null, null, null, null, null, null))
                .substring(0, 8);
    return step(
        table,
        Tables.PROMPT,
        "prompt_id",
        requests,
        new ExecutorFunctions.GenerateFamily(family, target));
  }

  private Dataset<Row> revise(
      String task, String templateId, Dataset<Row> prompts, ExecutorFunctions.Target target) {
    EndpointConfig endpoint = target.config();
    RevisePromptsStage stage =
        new RevisePromptsStage(
            task, template(templateId), endpoint.model(), sampling(endpoint), config.run().seed());
    return family(stage, prompts.map(new WorkItems.PromptRequest(stage), familyRows()), target);
  }

  /**
   * Runs a model step and keeps its rows under staging (not as a table of its own); its failures
   * join the failures table.
   */
  private Dataset<Row> step(
      String name,
      RecordSchema<?> schema,
      String idColumn,
      Dataset<Row> work,
      org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row> call) {
    ModelStep.Result result =
        new ModelStep(
                spark, out, name, schema, idColumn, config.run().batchSize(), partitions, monitor)
            .run(work, call);
    workItems += result.workItems();
    failures.add(result.failures());
    return out.keep("rows-" + name, result.table());
  }

  /** User topics, one a line, as topic rows (template {@value #USER_TOPICS}, version 0). */
  private Dataset<Row> userTopics(String file) {
    List<Row> rows = new ArrayList<>();
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(file))) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          rows.add(
              Tables.TOPIC.toRow(
                  new TopicRecord(
                      GenerateSubtopicsStage.topicId(t), t, null, null, USER_TOPICS, 0)));
        }
      }
    } catch (java.io.IOException e) {
      throw new ConfigException(
          "Cannot read prompts.topics-file " + file + ": " + e.getMessage() + "; check the path");
    }
    return spark.createDataFrame(rows, Tables.TOPIC.schema());
  }

  /** The closed Q&A corpus as {@code (doc_id, doc_text)}. */
  private Dataset<Row> documents(String path) {
    StructType schema =
        new StructType()
            .add("doc_id", DataTypes.StringType, false)
            .add("doc_text", DataTypes.StringType, false);
    if (java.nio.file.Files.isDirectory(java.nio.file.Path.of(path))) {
      JavaRDD<Row> files =
          spark
              .sparkContext()
              .wholeTextFiles(path + "/*.txt", 1)
              .toJavaRDD()
              .map(
                  t -> {
                    String file = t._1().substring(t._1().lastIndexOf('/') + 1);
                    return RowFactory.create(
                        file.substring(0, file.length() - ".txt".length()), t._2().strip());
                  });
      return spark.createDataFrame(files, schema);
    }
    return spark
        .read()
        .json(path)
        .select(col("id").cast(DataTypes.StringType).as("doc_id"), col("text").as("doc_text"))
        .where(col("doc_id").isNotNull().and(col("doc_text").isNotNull()));
  }

  /** A family's keywords: inline, from its file, and (when asked) the topic names. */
  private Dataset<Row> keywords(FamiliesConfig.Keywords k, Dataset<Row> leaves) {
    List<Row> rows = new ArrayList<>();
    k.keywords().forEach(w -> rows.add(RowFactory.create(w.strip())));
    if (k.keywordsFile() != null) {
      try {
        for (String line :
            java.nio.file.Files.readAllLines(java.nio.file.Path.of(k.keywordsFile()))) {
          if (!line.isBlank() && !line.strip().startsWith("#")) {
            rows.add(RowFactory.create(line.strip()));
          }
        }
      } catch (java.io.IOException e) {
        throw new ConfigException(
            "Cannot read keywords-file " + k.keywordsFile() + ": " + e.getMessage());
      }
    }
    StructType schema = new StructType().add("keyword", DataTypes.StringType, false);
    Dataset<Row> words = spark.createDataFrame(rows, schema);
    if (k.fromTopics()) {
      words = words.unionByName(leaves.select(col("name").as("keyword")));
    }
    return words.dropDuplicates("keyword");
  }

  /**
   * Asks the generator whether each keyword belongs to the family; the verdicts join {@code
   * verdicts} (for the {@code keywords} table), and the "yes" keywords are returned as {@code
   * (keyword)}. Unusable replies go to failures with the raw text.
   */
  private Dataset<Row> classifiedKeywords(
      String task,
      Dataset<Row> words,
      ExecutorFunctions.Target target,
      List<Dataset<Row>> verdicts) {
    describe("prompts", "Classify " + task + " keywords (yes/no)");
    EndpointConfig endpoint = target.config();
    ClassifyKeywordsStage stage =
        new ClassifyKeywordsStage(
            task,
            template("keyword-classifier"),
            endpoint.model(),
            endpoint.maxTokens(),
            config.run().seed());
    Dataset<Row> decided =
        step(
            "keywords-" + task,
            Tables.KEYWORD,
            "keyword_id",
            words.map(
                new WorkItems.KeywordClassification(stage),
                Encoders.row(WorkItems.KEYWORD_CLASSIFICATIONS)),
            new ExecutorFunctions.ClassifyKeywords(stage, target));
    verdicts.add(decided);
    for (Row r : decided.groupBy("verdict").count().collectAsList()) {
      LOG.info("Keywords {}: {} answered '{}'", task, r.getLong(1), r.getString(0));
    }
    return decided.where(col("verdict").equalTo(ClassifyKeywordsStage.YES)).select(col("keyword"));
  }

  /**
   * Cuts each family to its share of the mix: with weights w, the largest total T the families'
   * outputs allow, family f keeping floor(T * w_f / sum w) of its prompts, chosen by a hash of the
   * prompt id (deterministic). No weights: everything is kept.
   */
  private Dataset<Row> mix(Dataset<Row> prompts, Map<String, Double> weights) {
    if (weights.isEmpty()) {
      return prompts;
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Row r : prompts.groupBy("task").count().collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
    }
    Map<String, Long> quotas = FamilyMix.quotas(counts, weights);
    Column keep = lit(false);
    Column quota = lit(0L);
    for (String task : counts.keySet()) {
      long n = quotas.get(task);
      LOG.info(
          "Mix: {} keeps {} of {} prompts, cuts {}",
          task,
          n,
          counts.get(task),
          counts.get(task) - n);
      keep = keep.or(col("task").equalTo(task).and(col("_rank").leq(n)));
      quota = when(col("task").equalTo(task), lit(n)).otherwise(quota);
    }
    Dataset<Row> ranked =
        out.keep(
            "prompts-mix",
            prompts.withColumn(
                "_rank",
                row_number()
                    .over(
                        Window.partitionBy("task")
                            .orderBy(xxhash64(col("prompt_id")), col("prompt_id")))));
    // Cut prompts are recorded whole, never dropped silently: their rank in the family's hash
    // order was past the family's quota.
    write(
        Tables.MIX_CUTS,
        ranked
            .where(not(keep))
            .withColumn("rank", col("_rank").cast(DataTypes.LongType))
            .withColumn("quota", quota)
            .drop("_rank"));
    return ranked.where(keep).drop("_rank");
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

  private void writeSft(
      Dataset<Row> scored, Dataset<Row> dialogues, Dataset<Row> safety, HumanReview review) {
    describe("sft", "Filter scored responses for SFT");
    SafetyPolicy policy = SafetyPolicy.of(config.safety());
    Dataset<Row> sft =
        scored.mapPartitions(
            new ExecutorFunctions.FilterSft(new QualityFilter(config.filter()), policy),
            Encoders.row(Tables.SFT_ROW.schema()));
    if (dialogues != null) {
      sft =
          sft.unionByName(
              SafetyScreening.screenDialogues(dialogues.where(col("kept")), safety, policy)
                  .mapPartitions(
                      new ExecutorFunctions.DialogueSft(), Encoders.row(Tables.SFT_ROW.schema())));
    }
    write(Tables.SFT, reviewed(sft, review, Tables.SFT));
  }

  /** The named blends of {@code sft}, each a table of its own. */
  private void writeBlends() {
    config
        .sft()
        .blends()
        .forEach(
            (name, blend) -> {
              describe(name, "Blend of sft: " + blend);
              write(name, Blends.select(committed(Tables.SFT), name, blend));
            });
  }

  /** Rows of {@code sft} or {@code preferences} after the reviewers' verdicts. */
  private Dataset<Row> reviewed(Dataset<Row> data, HumanReview review, String table) {
    if (review.isEmpty()) {
      return data;
    }
    Review.Applied applied = Review.apply(out.keep("unreviewed-" + table, data), review, table);
    rows.put("reviews_" + table, applied.matched());
    return applied.rows();
  }

  private void writePreferences(Dataset<Row> scored, Dataset<Row> judgements, HumanReview review) {
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
                    new PairPreferencesStage(config.preferences())
                        .withSafety(SafetyPolicy.of(config.safety()))),
                Encoders.row(ExecutorFunctions.PAIRING));
    Dataset<Row> kept = out.keep("pairing", pairing);
    write(Tables.PAIR_CANDIDATES, kept.select("candidate.*"));
    write(
        Tables.PREFERENCES,
        reviewed(
            kept.where(col("preference").isNotNull()).select("preference.*"),
            review,
            Tables.PREFERENCES));
  }

  /** Asks the guard about every prompt and every response; commits the {@code safety} table. */
  private Dataset<Row> screenSafety(Dataset<Row> prompts, Dataset<Row> responses) {
    String name = config.safety().guard();
    ExecutorFunctions.Target target = target(name, "safety.guard");
    describe("safety", "Screen prompts and responses with " + name);
    EndpointConfig endpoint = target.config();
    ScreenSafetyStage stage =
        new ScreenSafetyStage(
            endpoint.model(), new Sampling(0.0, null, endpoint.maxTokens(), null));
    Dataset<Row> safety =
        commit(
            Tables.SAFETY,
            Tables.SAFETY_ROW,
            "safety_id",
            SafetyScreening.work(stage, prompts, responses),
            new SafetyScreening.Screen(stage, target));
    long[] unsafe = SafetyScreening.unsafeCounts(safety);
    rows.put("safety_unsafe_prompts", unsafe[0]);
    rows.put("safety_unsafe_responses", unsafe[1]);
    LOG.info("Stage safety: {} unsafe prompts, {} unsafe responses", unsafe[0], unsafe[1]);
    return safety;
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
        new ModelStep(
                spark, out, table, schema, idColumn, config.run().batchSize(), partitions, monitor)
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
    written.put(table, stamped.schema());
    long count = committed(table).count();
    rows.put(table, count);
    LOG.info(
        "Stage {}: {} rows committed in {} s",
        table,
        count,
        String.format("%.1f", (System.nanoTime() - start) / 1e9));
  }

  private Dataset<Row> committed(String table) {
    // with the schema given, Spark does not run a job to read it from the files' footers
    return spark.read().schema(written.get(table)).parquet(out.table(table));
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
