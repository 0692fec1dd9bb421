package io.sparksdg.spark.steps;

import io.sparksdg.config.EndpointConfig;
import io.sparksdg.spark.exec.Calls;
import io.sparksdg.spark.exec.ModelCalls;
import io.sparksdg.spark.exec.Target;
import io.sparksdg.spark.exec.WorkItems;
import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.curation.PairPreferencesStage;
import io.sparksdg.stages.judging.JudgePairsStage;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * The {@code judgements} table: the LLM judge's (or the GenRM's) verdicts, asked twice with
 * positions swapped, on the pairs of the prompts it decides for.
 */
public final class JudgementsStep {

  private final RunContext run;

  public JudgementsStep(RunContext run) {
    this.run = run;
  }

  /**
   * @param scored rows {@code (prompt, response, score, ...)}
   * @return the committed {@code judgements} table; empty when the LLM judge takes no part
   */
  public Dataset<Row> run(Dataset<Row> scored) {
    if (!run.config().preferences().usesPairJudge()) {
      return run.spark().createDataFrame(List.of(), Tables.JUDGEMENT.schema());
    }
    String name = run.config().preferences().pairJudgeEndpoint();
    Target target = run.target(name, run.config().preferences().pairJudgeKey());
    run.describe("judgements", "Ask " + name + " to judge pairs, twice with positions swapped");
    JudgePairsStage stage = stage(run, target);
    Dataset<Row> work =
        ScoredRows.byPrompt(scored)
            .flatMapGroups(
                new WorkItems.JudgePairs(
                    new PairPreferencesStage(run.config().preferences()), stage),
                Encoders.row(WorkItems.JUDGE_PAIRS));
    return run.commit(
        Tables.JUDGEMENTS,
        Tables.JUDGEMENT,
        "judgement_id",
        work,
        ModelCalls.to(target, Tables.JUDGEMENT, Calls.judgements(stage, name)));
  }

  /**
   * The pair judge (LLM judge or GenRM) as this run asks it (the responses step asks it too, when
   * pipelined).
   */
  static JudgePairsStage stage(RunContext run, Target target) {
    EndpointConfig endpoint = target.config();
    return new JudgePairsStage(
        endpoint.model(),
        RunContext.greedy(endpoint),
        run.config().run().seed(),
        run.config().preferences().usesGenRm());
  }
}
