package io.sparksdg.spark.job;

import io.sparksdg.config.SdgConfig;
import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.run.RunSummary;
import io.sparksdg.spark.steps.DialoguesStep;
import io.sparksdg.spark.steps.ExportsStep;
import io.sparksdg.spark.steps.FailuresStep;
import io.sparksdg.spark.steps.FamiliesStep;
import io.sparksdg.spark.steps.JudgementsStep;
import io.sparksdg.spark.steps.MetricsStep;
import io.sparksdg.spark.steps.PreferencesStep;
import io.sparksdg.spark.steps.PromptSourcesStep;
import io.sparksdg.spark.steps.ReportStep;
import io.sparksdg.spark.steps.ResponsesStep;
import io.sparksdg.spark.steps.Review;
import io.sparksdg.spark.steps.SafetyStep;
import io.sparksdg.spark.steps.ScoredRows;
import io.sparksdg.spark.steps.ScoresStep;
import io.sparksdg.spark.steps.SftStep;
import io.sparksdg.spark.steps.TopicsStep;
import io.sparksdg.stages.curation.HumanReview;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The driver: the order of the steps and nothing else. Each step reads the committed tables of the
 * steps before it and commits its own; model-calling steps are resumable, the others are pure
 * functions of committed tables and are recomputed whole. Shared mechanics live in {@link
 * RunContext}.
 */
public final class SdgJob {

  private final RunContext run;

  /**
   * @param config a validated config whose endpoints are all reachable URLs (embedded ones already
   *     started and resolved)
   */
  public SdgJob(SparkSession spark, SdgConfig config) {
    this.run = new RunContext(spark, config);
  }

  public RunSummary run() {
    run.start();
    try {
      Dataset<Row> synthetic = null;
      if (PromptSourcesStep.synthetic(run.config().prompts())) {
        Dataset<Row> topics = new TopicsStep(run).run();
        synthetic = new FamiliesStep(run).run(topics);
      }
      Dataset<Row> prompts = new PromptSourcesStep(run).run(synthetic);
      // with target.accepted, the responses, scores and safety steps run in rounds
      TargetRounds.Result rounds =
          run.config().target().enabled() ? new TargetRounds(run).run(prompts) : null;
      Dataset<Row> responses =
          rounds != null ? rounds.responses() : new ResponsesStep(run).run(prompts);
      Dataset<Row> scores =
          rounds != null ? rounds.scores() : new ScoresStep(run).run(prompts, responses);
      Dataset<Row> dialogues = new DialoguesStep(run).run(prompts);
      Dataset<Row> safety =
          rounds != null ? rounds.safety() : new SafetyStep(run).run(prompts, responses);
      Dataset<Row> scored = ScoredRows.of(prompts, responses, scores, safety);
      HumanReview review = Review.load(run.spark(), run.out().root(), run.config());
      // with target.on: preferences the rounds ran the judgements step too
      Dataset<Row> judgements =
          rounds != null && rounds.judgements() != null
              ? rounds.judgements()
              : new JudgementsStep(run).run(scored);
      new SftStep(run).run(scored, dialogues, safety, review);
      new PreferencesStep(run).run(scored, judgements, review);
      long failed = new FailuresStep(run).run();
      new ExportsStep(run).run();
      RunSummary summary =
          new RunSummary(
              run.fingerprint(),
              run.rows(),
              run.workItems(),
              failed,
              run.config().run().errorBudget());
      run.out().writeSummary(summary);
      return summary;
    } finally {
      run.monitor().close();
      new MetricsStep(run).run();
      new ReportStep(run).run();
    }
  }
}
