package io.sparksdg.spark.job;

import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.steps.TargetAttempts;
import io.sparksdg.stages.curation.AcceptanceRounds;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a target counts and what its attempts are, for {@link TargetRounds}: responses and the rows
 * of {@code sft} they make ({@link ResponseTarget}: {@code target.on} sft or a family), or prompts
 * answered {@code responses.per-prompt} times and the rows of {@code preferences} their pairs make
 * ({@link PreferenceTarget}).
 */
interface TargetKind {

  static TargetKind of(RunContext run) {
    return run.config().target().onPreferences()
        ? new PreferenceTarget(run)
        : new ResponseTarget(run);
  }

  /** The prompts the attempts go to, and how many. */
  record Pool(Dataset<Row> prompts, long size) {}

  /** The prompts the attempts go to; a {@link io.sparksdg.config.ConfigException} for none. */
  Pool pool(Dataset<Row> prompts);

  /** The sizing of the rounds over {@code pool}. */
  AcceptanceRounds sizing(Pool pool);

  /** The first {@code total} attempts over {@code pool}. */
  TargetAttempts attempts(long total, Pool pool);

  /** The committed {@code judgements} when the rounds need them to count, else null. */
  Dataset<Row> judgements(Dataset<Row> scored);

  /**
   * The rows accepted so far.
   *
   * @param scored the scored responses of the attempts so far ({@code ScoredRows})
   * @param judgements what {@link #judgements} returned for them
   */
  long accepted(Dataset<Row> scored, Dataset<Row> judgements);
}
