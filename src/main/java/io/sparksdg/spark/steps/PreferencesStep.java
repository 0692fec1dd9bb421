package io.sparksdg.spark.steps;

import static org.apache.spark.sql.functions.col;

import io.sparksdg.spark.exec.RecordFunctions;
import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.curation.HumanReview;
import io.sparksdg.stages.curation.PairPreferencesStage;
import io.sparksdg.stages.curation.SafetyPolicy;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * The {@code pair_candidates} and {@code preferences} tables: each prompt's scored responses paired
 * by the most trusted judge that applies (ground truth, verifier, LLM judge, reward model), then
 * the reviewers' verdicts.
 */
public final class PreferencesStep {

  private final RunContext run;

  public PreferencesStep(RunContext run) {
    this.run = run;
  }

  /**
   * @param scored rows {@code (prompt, response, score, prompt_safety, response_safety)}
   * @param judgements the committed {@code judgements} (possibly empty)
   */
  public void run(Dataset<Row> scored, Dataset<Row> judgements, HumanReview review) {
    run.describe("preferences", "Pair responses into preferences");
    PairPreferencesStage stage =
        new PairPreferencesStage(run.config().preferences())
            .withSafety(SafetyPolicy.of(run.config().safety()));
    Dataset<Row> pairing =
        ScoredRows.byPrompt(scored)
            .cogroup(
                judgements.groupByKey(
                    (MapFunction<Row, String>) row -> row.getAs("prompt_id"), Encoders.STRING()),
                new RecordFunctions.PairPreferences(stage),
                Encoders.row(RecordFunctions.PAIRING));
    Dataset<Row> kept = run.keep("pairing", pairing);
    run.write(Tables.PAIR_CANDIDATES, kept.select("candidate.*"));
    run.write(
        Tables.PREFERENCES,
        ReviewedRows.of(
            run,
            kept.where(col("preference").isNotNull()).select("preference.*"),
            review,
            Tables.PREFERENCES));
  }
}
