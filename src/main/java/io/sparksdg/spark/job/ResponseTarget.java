package io.sparksdg.spark.job;

import static org.apache.spark.sql.functions.col;

import io.sparksdg.config.ConfigException;
import io.sparksdg.config.TargetConfig;
import io.sparksdg.spark.exec.RecordFunctions;
import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.steps.TargetAttempts;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.curation.AcceptanceRounds;
import io.sparksdg.stages.curation.QualityFilter;
import io.sparksdg.stages.curation.SafetyPolicy;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * {@code target.on: sft} or a prompt family: an attempt is one response sample (going round the
 * prompts, or the family's prompts), in each reasoning mode its prompt is asked in; accepted are
 * the rows of {@code sft} it makes, one per mode at most.
 */
final class ResponseTarget implements TargetKind {

  private final RunContext run;
  private final TargetConfig target;

  ResponseTarget(RunContext run) {
    this.run = run;
    this.target = run.config().target();
  }

  @Override
  public Pool pool(Dataset<Row> prompts) {
    Dataset<Row> pool =
        target.onFamily() ? prompts.where(col("task").equalTo(target.on())) : prompts;
    long size = pool.count();
    if (size == 0) {
      throw new ConfigException(
          "target.on names '"
              + target.on()
              + "', but the prompts table has no prompt of that family: enable"
              + " prompts.families."
              + target.on().replace('_', '-')
              + " or set target.on=sft");
    }
    return new Pool(pool, size);
  }

  /** Rounds of samples, each making a row of {@code sft} at most in each of its reasoning modes. */
  @Override
  public AcceptanceRounds sizing(Pool pool) {
    return new AcceptanceRounds(
        target,
        target.rowsPerAttempt(run.config().responses(), run.config().preferences()),
        Long.MAX_VALUE);
  }

  @Override
  public TargetAttempts attempts(long total, Pool pool) {
    return TargetAttempts.responses(total, pool.size(), run.config().run().seed());
  }

  @Override
  public Dataset<Row> judgements(Dataset<Row> scored) {
    return null; // the judgements step runs once, after the rounds
  }

  /** The rows of {@code sft} the scored responses make. */
  @Override
  public long accepted(Dataset<Row> scored, Dataset<Row> judgements) {
    return scored
        .mapPartitions(
            new RecordFunctions.FilterSft(
                new QualityFilter(run.config().filter()), SafetyPolicy.of(run.config().safety())),
            Encoders.row(Tables.SFT_ROW.schema()))
        .count();
  }
}
