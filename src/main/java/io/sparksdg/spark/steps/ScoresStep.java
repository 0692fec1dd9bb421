package io.sparksdg.spark.steps;

import static org.apache.spark.sql.functions.col;

import io.sparksdg.judge.RewardWeights;
import io.sparksdg.spark.exec.Calls;
import io.sparksdg.spark.exec.ModelCalls;
import io.sparksdg.spark.exec.Target;
import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.judging.ScoreResponsesStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@code scores} table: the reward model's five attributes and weighted reward per response.
 */
public final class ScoresStep {

  private final RunContext run;

  public ScoresStep(RunContext run) {
    this.run = run;
  }

  /** Returns the committed {@code scores} table. */
  public Dataset<Row> run(Dataset<Row> prompts, Dataset<Row> responses) {
    String name = run.config().scores().judge();
    Target target = run.target(name, "scores.judge");
    run.describe("scores", "Score responses with " + name);
    Dataset<Row> work =
        responses
            .join(
                prompts.select(
                    col("prompt_id").as("p_id"),
                    RunContext.asStruct(prompts, Tables.PROMPT, "prompt")),
                col("prompt_id").equalTo(col("p_id")))
            .select(
                col("response_id").as(ModelCalls.WORK_ID),
                col("prompt"),
                RunContext.asStruct(responses, Tables.RESPONSE, "response"));
    ScoreResponsesStage stage =
        new ScoreResponsesStage(
            new RewardWeights(run.config().scores().weights()),
            run.config().scores().includeReasoning());
    return run.commit(
        Tables.SCORES,
        Tables.SCORE,
        "response_id",
        work,
        ModelCalls.to(target, Tables.SCORE, Calls.scores(stage, name)),
        col("prompt.messages"));
  }
}
