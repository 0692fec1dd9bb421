package io.sparksdg.spark.steps;

import static org.apache.spark.sql.functions.col;

import io.sparksdg.config.ConfigException;
import io.sparksdg.config.FamiliesConfig;
import io.sparksdg.spark.exec.Calls;
import io.sparksdg.spark.exec.ModelCalls;
import io.sparksdg.spark.exec.Target;
import io.sparksdg.spark.exec.WorkItems;
import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.tables.Rows;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.prompts.ClassifyKeywordsStage;
import io.sparksdg.stages.prompts.FamilyCatalogue.Family;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What families write about besides topics: the closed Q&A corpus and the math and Python keywords
 * (inline, from a file, from topic names, optionally classified yes/no by the generator, whose
 * verdicts make the {@code keywords} table).
 */
final class FamilyInputs {

  private static final Logger LOG = LoggerFactory.getLogger(FamilyInputs.class);

  private static final StructType DOCUMENTS =
      new StructType()
          .add("doc_id", DataTypes.StringType, false)
          .add("doc_text", DataTypes.StringType, false);

  private final RunContext run;
  private final List<Dataset<Row>> verdicts = new ArrayList<>();

  FamilyInputs(RunContext run) {
    this.run = run;
  }

  /** The closed Q&A corpus as {@code (doc_id, doc_text)}; empty when the family is off. */
  Dataset<Row> documents() {
    FamiliesConfig.ClosedQa closedQa = run.config().prompts().families().closedQa();
    if (!closedQa.enabled()) {
      return run.spark().createDataFrame(List.of(), DOCUMENTS);
    }
    String path = closedQa.documents();
    if (Files.isDirectory(Path.of(path))) {
      JavaRDD<Row> files =
          run.spark()
              .sparkContext()
              .wholeTextFiles(path + "/*.txt", 1)
              .toJavaRDD()
              .map(
                  t -> {
                    String file = t._1().substring(t._1().lastIndexOf('/') + 1);
                    return RowFactory.create(
                        file.substring(0, file.length() - ".txt".length()), t._2().strip());
                  });
      return run.keep("documents", run.spark().createDataFrame(files, DOCUMENTS));
    }
    return run.keep(
        "documents",
        run.spark()
            .read()
            .json(path)
            .select(col("id").cast(DataTypes.StringType).as("doc_id"), col("text").as("doc_text"))
            .where(col("doc_id").isNotNull().and(col("doc_text").isNotNull())));
  }

  /**
   * A keyword family's keywords as {@code (keyword)}: inline, from its file, and (when asked) the
   * topic names; only those the generator calls part of the family when classification is on.
   */
  Dataset<Row> keywords(Family family, Dataset<Row> leaves, Target target) {
    FamiliesConfig.Keywords k = family.keywords();
    List<Row> rows = new ArrayList<>();
    k.keywords().forEach(w -> rows.add(RowFactory.create(w.strip())));
    if (k.keywordsFile() != null) {
      for (String line : readLines(k.keywordsFile())) {
        if (!line.isBlank() && !line.strip().startsWith("#")) {
          rows.add(RowFactory.create(line.strip()));
        }
      }
    }
    StructType schema = new StructType().add("keyword", DataTypes.StringType, false);
    Dataset<Row> words = run.spark().createDataFrame(rows, schema);
    if (k.fromTopics()) {
      words = words.unionByName(leaves.select(col("name").as("keyword")));
    }
    words = words.dropDuplicates("keyword");
    return k.classifyKeywords() ? classified(family.task(), words, target) : words;
  }

  /** Commits the {@code keywords} table when any family classified its keywords. */
  void writeKeywordVerdicts() {
    if (!verdicts.isEmpty()) {
      run.write(Tables.KEYWORDS, verdicts.stream().reduce(Dataset::unionByName).orElseThrow());
    }
  }

  /**
   * Asks the generator whether each keyword belongs to the family; returns the "yes" keywords as
   * {@code (keyword)}. Unusable replies go to failures with the raw text.
   */
  private Dataset<Row> classified(String task, Dataset<Row> words, Target target) {
    run.describe("prompts", "Classify " + task + " keywords (yes/no)");
    ClassifyKeywordsStage stage =
        new ClassifyKeywordsStage(
            task,
            run.template("keyword-classifier"),
            target.config().model(),
            target.config().maxTokens(),
            run.config().run().seed());
    Dataset<Row> decided =
        run.stage(
            "keywords-" + task,
            Tables.KEYWORD,
            "keyword_id",
            words.map(
                new WorkItems.KeywordClassification(stage),
                Encoders.row(WorkItems.KEYWORD_CLASSIFICATIONS)),
            ModelCalls.to(target, Tables.KEYWORD, Calls.classify(stage, target.name())));
    verdicts.add(decided);
    for (Row r : decided.groupBy("verdict").count().collectAsList()) {
      LOG.info(
          "Keywords {}: {} answered '{}'",
          task,
          Rows.longValue(r, "count"),
          Rows.string(r, "verdict"));
    }
    return decided.where(col("verdict").equalTo(ClassifyKeywordsStage.YES)).select(col("keyword"));
  }

  private static List<String> readLines(String file) {
    try {
      return Files.readAllLines(Path.of(file));
    } catch (IOException e) {
      throw new ConfigException("Cannot read keywords-file " + file + ": " + e.getMessage());
    }
  }
}
