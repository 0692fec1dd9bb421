package io.sparksdg.spark.job;

import io.sparksdg.config.TargetConfig;
import io.sparksdg.spark.run.BudgetSpentException;
import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.steps.ResponsesStep;
import io.sparksdg.spark.steps.SafetyStep;
import io.sparksdg.spark.steps.ScoredRows;
import io.sparksdg.spark.steps.ScoresStep;
import io.sparksdg.spark.steps.TargetAttempts;
import io.sparksdg.stages.curation.AcceptanceRounds;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The responses, scores and safety steps in rounds (and the judgements step, for {@code target.on:
 * preferences}), until {@code target.accepted} rows are accepted ({@link AcceptanceRounds} sizes
 * each round from the rounds before it) or {@code target.max-attempts} runs out. What an attempt is
 * and what is accepted is the {@link TargetKind}'s: a response and a row of {@code sft}, or a
 * prompt and the rows of {@code preferences} its pairs make. Each round commits the tables over all
 * attempts so far; the steps' outcome logs skip the attempts earlier rounds (or a killed run)
 * completed, so a round pays only for its new attempts and a re-run replays the rounds it had
 * finished without a call. The rounds are recorded in the {@code target_rounds} table.
 */
final class TargetRounds {

  private static final Logger LOG = LoggerFactory.getLogger(TargetRounds.class);

  static final String TABLE = "target_rounds";

  static final StructType ROUNDS =
      new StructType()
          .add("target_round", DataTypes.IntegerType, false)
          .add("requested", DataTypes.LongType, false)
          .add("attempts", DataTypes.LongType, false)
          .add("accepted", DataTypes.LongType, false)
          .add("rate", DataTypes.DoubleType, false);

  /**
   * The committed tables after the last round ({@code judgements} null unless the rounds ran that
   * step), and the totals.
   */
  record Result(
      Dataset<Row> responses,
      Dataset<Row> scores,
      Dataset<Row> safety,
      Dataset<Row> judgements,
      long attempts,
      long accepted) {}

  private final RunContext run;
  private final TargetConfig target;
  private final TargetKind kind;

  TargetRounds(RunContext run) {
    this.run = run;
    this.target = run.config().target();
    this.kind = TargetKind.of(run);
  }

  Result run(Dataset<Row> prompts) {
    TargetKind.Pool pool = kind.pool(prompts);
    AcceptanceRounds sizing = kind.sizing(pool);
    RunContext.Tally before = run.tally();
    List<Row> rounds = new ArrayList<>();
    Result result = new Result(null, null, null, null, 0, 0);
    for (long size = sizing.nextRound(0, 0);
        size > 0;
        size = sizing.nextRound(result.attempts(), result.accepted())) {
      long attempts = result.attempts() + size;
      run.rollBack(before); // the steps below count all attempts so far, and their failures, again
      try {
        result = round(prompts, pool.prompts(), kind.attempts(attempts, pool), attempts);
      } catch (BudgetSpentException e) {
        LOG.warn(
            "target.accepted {} not reached on {}: {} accepted of {} attempts when run.max-budget"
                + " was spent in round {}; re-run with a larger budget to resume",
            target.accepted(),
            target.on(),
            result.accepted(),
            result.attempts(),
            rounds.size() + 1);
        count(result);
        throw e;
      }
      double rate = sizing.rate(attempts, result.accepted());
      rounds.add(RowFactory.create(rounds.size() + 1, size, attempts, result.accepted(), rate));
      LOG.info(
          "Target round {}: {} new attempts, {} in all, {} of {} accepted (rate {})",
          rounds.size(),
          size,
          attempts,
          result.accepted(),
          target.accepted(),
          String.format(java.util.Locale.ROOT, "%.3f", rate));
      run.write(TABLE, run.spark().createDataFrame(rounds, ROUNDS));
    }
    String outcome = sizing.outcome(result.attempts(), result.accepted());
    if (result.accepted() >= target.accepted()) {
      LOG.info("{}", outcome);
    } else {
      LOG.warn("{}", outcome);
    }
    count(result);
    return result;
  }

  /** The totals of the rounds done, under {@code rows} in {@code _summary.json} and metrics. */
  private void count(Result result) {
    run.count("target_attempts", result.attempts());
    run.count("target_accepted", result.accepted());
    run.count("target_surplus", Math.max(0, result.accepted() - target.accepted()));
    run.count("target_shortfall", Math.max(0, target.accepted() - result.accepted()));
  }

  /**
   * One round: the steps over the first {@code attempts} (the judgements step too when the kind
   * counts pairs), and the accepted rows counted.
   */
  private Result round(
      Dataset<Row> prompts, Dataset<Row> pool, TargetAttempts attempts, long total) {
    Dataset<Row> responses = attempts.within(new ResponsesStep(run).run(pool, attempts), pool);
    Dataset<Row> scores = new ScoresStep(run).run(prompts, responses);
    Dataset<Row> safety = new SafetyStep(run).run(prompts, responses);
    Dataset<Row> scored = ScoredRows.of(prompts, responses, scores, safety);
    Dataset<Row> judgements = kind.judgements(scored);
    long accepted = kind.accepted(scored, judgements);
    return new Result(responses, scores, safety, judgements, total, accepted);
  }
}
