package io.sparksdg.spark.steps;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import io.sparksdg.config.PromptsConfig;
import io.sparksdg.spark.exec.RecordFunctions;
import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.prompts.ImportPromptsStage;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code prompts} table from its sources: an earlier round's prompts, an imported JSONL file,
 * or the synthetic prompts of {@link FamiliesStep}, plus {@code prompts.extra-imports}. Bad lines
 * and repeated ids of imported files go to failures.
 */
public final class PromptSourcesStep {

  private final RunContext run;

  public PromptSourcesStep(RunContext run) {
    this.run = run;
  }

  /** Whether the prompts are synthetic (topics and families run first). */
  public static boolean synthetic(PromptsConfig pc) {
    return pc.fromRound() == null && !pc.imported();
  }

  /**
   * @param synthetic the committed synthetic prompts, or null when they come from elsewhere
   * @return the committed {@code prompts} table
   */
  public Dataset<Row> run(Dataset<Row> synthetic) {
    PromptsConfig pc = run.config().prompts();
    List<String> extras = pc.extraImports();
    if (synthetic != null && extras.isEmpty()) {
      return synthetic;
    }
    Dataset<Row> base;
    if (synthetic != null) {
      base = Tables.columnsOf(Tables.PROMPT, synthetic);
    } else if (pc.fromRound() != null) {
      String earlier = pc.fromRound().replaceAll("/+$", "") + "/" + Tables.PROMPTS;
      run.describe("prompts", "Take the prompts of an earlier round from " + earlier);
      base = Tables.columnsOf(Tables.PROMPT, run.spark().read().parquet(earlier));
    } else {
      base = importPrompts(pc.importPath(), 0);
    }
    for (int i = 0; i < extras.size(); i++) {
      base = base.unionByName(importPrompts(extras.get(i), i + 1));
    }
    run.write(Tables.PROMPTS, base.dropDuplicates("prompt_id"));
    return run.committed(Tables.PROMPTS);
  }

  /** The valid, first-seen prompts of one JSONL file; bad lines join the failures. */
  private Dataset<Row> importPrompts(String path, int fileIndex) {
    run.describe("prompts", "Import prompts from " + path);
    Dataset<Row> staged =
        lines(path)
            .mapPartitions(
                new RecordFunctions.ImportPrompts(
                    new ImportPromptsStage(run.config().prompts().maxChars())),
                Encoders.row(Tables.numberedOutcome(Tables.PROMPT)));
    staged.persist();
    run.addWorkItems(staged.count());
    // A repeated source id keeps its first line; later lines go to failures.
    Dataset<Row> ranked =
        staged
            .where(col("ok").isNotNull())
            .withColumn(
                "rank", row_number().over(Window.partitionBy("ok.source_id").orderBy("line")));
    Dataset<Row> kept =
        run.keep(
            "imported-prompts-" + fileIndex, ranked.where(col("rank").equalTo(1)).select("ok.*"));
    Dataset<Row> bad =
        staged
            .where(col("failure").isNotNull())
            .select("failure.*")
            .unionByName(duplicates(ranked.where(col("rank").gt(1))));
    run.addFailures(
        run.keep(fileIndex == 0 ? "failures-prompts" : "failures-prompts-" + fileIndex, bad));
    staged.unpersist();
    return kept;
  }

  /** A file's non-blank lines as {@code (value, line)}, numbered from 1. */
  private Dataset<Row> lines(String path) {
    JavaRDD<Row> lines =
        run.spark()
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
    return run.spark().createDataFrame(lines, lineSchema);
  }

  /** Failure rows for the repeated ids among {@code repeated} ranked lines. */
  private static Dataset<Row> duplicates(Dataset<Row> repeated) {
    return repeated.select(
        col("ok.source_id").as("record_id"),
        lit(null).cast(DataTypes.StringType).as("prompt_id"),
        lit(Tables.PROMPTS).as("stage"),
        lit("invalid_input").as("error_class"),
        lit(0).as("http_status"),
        lit(0).as("attempts"),
        concat(
                lit("repeated id '"),
                col("ok.source_id"),
                lit("' at line "),
                col("line").cast(DataTypes.StringType),
                lit(": the first line with this id was kept"))
            .as("message"),
        lit(null).cast(DataTypes.StringType).as("raw"));
  }
}
