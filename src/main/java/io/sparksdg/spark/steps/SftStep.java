package io.sparksdg.spark.steps;

import static org.apache.spark.sql.functions.col;

import io.sparksdg.spark.exec.RecordFunctions;
import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.curation.HumanReview;
import io.sparksdg.stages.curation.QualityFilter;
import io.sparksdg.stages.curation.SafetyPolicy;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * The {@code sft} table: scored responses that pass every quality filter and the safety policy,
 * kept dialogues, and the reviewers' verdicts; then each named blend of it as a table of its own.
 */
public final class SftStep {

  private final RunContext run;

  public SftStep(RunContext run) {
    this.run = run;
  }

  /**
   * @param scored rows {@code (prompt, response, score, prompt_safety, response_safety)}
   * @param dialogues the committed {@code dialogues}, or null when off
   * @param safety the committed {@code safety}, or null when off
   */
  public void run(
      Dataset<Row> scored, Dataset<Row> dialogues, Dataset<Row> safety, HumanReview review) {
    run.describe("sft", "Filter scored responses for SFT");
    SafetyPolicy policy = SafetyPolicy.of(run.config().safety());
    Dataset<Row> sft =
        scored.mapPartitions(
            new RecordFunctions.FilterSft(new QualityFilter(run.config().filter()), policy),
            Encoders.row(Tables.SFT_ROW.schema()));
    sft = TargetCut.of(run, sft, Tables.SFT, "response_id");
    if (dialogues != null) {
      sft =
          sft.unionByName(
              SafetyScreening.screenDialogues(dialogues.where(col("kept")), safety, policy)
                  .mapPartitions(
                      new RecordFunctions.DialogueSft(), Encoders.row(Tables.SFT_ROW.schema())));
    }
    run.write(Tables.SFT, ReviewedRows.of(run, sft, review, Tables.SFT));
    run.config()
        .sft()
        .blends()
        .forEach(
            (name, blend) -> {
              run.describe(name, "Blend of sft: " + blend);
              run.write(name, Blends.select(run.committed(Tables.SFT), name, blend));
            });
  }
}
