package io.sparksdg.spark.job;

import io.sparksdg.config.ConfigException;
import io.sparksdg.config.TargetConfig;
import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.steps.JudgementsStep;
import io.sparksdg.spark.steps.PreferencesStep;
import io.sparksdg.spark.steps.TargetAttempts;
import io.sparksdg.stages.curation.AcceptanceRounds;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code target.on: preferences}: an attempt is one prompt answered {@code responses.per-prompt}
 * times (all its samples in one round, so its pairs can be judged), and what is counted is the rows
 * of {@code preferences} its pairs make: one for {@code best-vs-worst}, up to {@code
 * max-pairs-per-prompt} for the other strategies. The judgements step runs in every round, so the
 * count is that of the pairing the run ends with.
 */
final class PreferenceTarget implements TargetKind {

  private final RunContext run;
  private final TargetConfig target;
  private final int perPrompt;

  PreferenceTarget(RunContext run) {
    this.run = run;
    this.target = run.config().target();
    this.perPrompt = run.config().responses().perPrompt();
  }

  @Override
  public Pool pool(Dataset<Row> prompts) {
    long size = prompts.count();
    if (size == 0) {
      throw new ConfigException(
          "target.on: preferences, but the prompts table is empty: import prompts (prompts.import)"
              + " or generate them (prompts.topics)");
    }
    return new Pool(prompts, size);
  }

  /** Rounds of prompts, each making at most the pairs the strategy keeps, no more than the pool. */
  @Override
  public AcceptanceRounds sizing(Pool pool) {
    return new AcceptanceRounds(
        target,
        target.rowsPerAttempt(run.config().responses(), run.config().preferences()),
        pool.size());
  }

  @Override
  public TargetAttempts attempts(long total, Pool pool) {
    return TargetAttempts.prompts(total, pool.size(), perPrompt, run.config().run().seed());
  }

  @Override
  public Dataset<Row> judgements(Dataset<Row> scored) {
    return new JudgementsStep(run).run(scored);
  }

  /** The rows of {@code preferences} before the cut: kept pairs of the prompts attempted. */
  @Override
  public long accepted(Dataset<Row> scored, Dataset<Row> judgements) {
    return PreferencesStep.preferences(new PreferencesStep(run).pairing(scored, judgements))
        .count();
  }
}
