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
 * the reviewers' verdicts. With {@code target.on: preferences}, {@code preferences} is cut to
 * {@code target.accepted} rows ({@link TargetCut}) and the kept candidates the cut leaves out are
 * marked in {@code pair_candidates} as not kept, with the reason.
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
    Dataset<Row> kept = run.keep("pairing", pairing(scored, judgements));
    Dataset<Row> candidates = kept.select("candidate.*");
    Dataset<Row> preferences = TargetCut.of(run, preferences(kept), Tables.PREFERENCES, "pair_id");
    if (run.config().target().cuts(Tables.PREFERENCES)) {
      candidates = TargetCut.markSurplus(run, candidates, preferences);
    }
    run.write(Tables.PAIR_CANDIDATES, candidates);
    run.write(Tables.PREFERENCES, ReviewedRows.of(run, preferences, review, Tables.PREFERENCES));
  }

  /**
   * Each prompt's scored responses paired, uncommitted: rows {@code (candidate, preference)}, the
   * preference null for a candidate not kept. {@code target.on: preferences} counts its rows of
   * {@link #preferences} after each round.
   */
  public Dataset<Row> pairing(Dataset<Row> scored, Dataset<Row> judgements) {
    PairPreferencesStage stage =
        new PairPreferencesStage(run.config().preferences())
            .withSafety(SafetyPolicy.of(run.config().safety()));
    return ScoredRows.byPrompt(scored)
        .cogroup(
            judgements.groupByKey(
                (MapFunction<Row, String>) row -> row.getAs("prompt_id"), Encoders.STRING()),
            new RecordFunctions.PairPreferences(stage),
            Encoders.row(RecordFunctions.PAIRING));
  }

  /** The rows of {@code preferences} (before any target cut or review) of a {@link #pairing}. */
  public static Dataset<Row> preferences(Dataset<Row> pairing) {
    return pairing.where(col("preference").isNotNull()).select("preference.*");
  }
}
