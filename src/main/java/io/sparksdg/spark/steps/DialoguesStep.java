package io.sparksdg.spark.steps;

import io.sparksdg.config.DialoguesConfig;
import io.sparksdg.judge.RewardWeights;
import io.sparksdg.spark.exec.Calls;
import io.sparksdg.spark.exec.ModelCalls;
import io.sparksdg.spark.exec.Target;
import io.sparksdg.spark.exec.WorkItems;
import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.responses.GenerateDialoguesStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * The {@code dialogues} table: per prompt, multi-turn conversations with one instruct model as the
 * user (driven by a persona) and one as the assistant, each scored by the reward model.
 */
public final class DialoguesStep {

  private final RunContext run;

  public DialoguesStep(RunContext run) {
    this.run = run;
  }

  /** Returns the committed {@code dialogues} table, or null when dialogues are off. */
  public Dataset<Row> run(Dataset<Row> prompts) {
    DialoguesConfig d = run.config().dialogues();
    if (!d.enabled()) {
      return null;
    }
    Target user = run.target(d.user(), "dialogues.user");
    Target assistant = run.target(d.assistant(), "dialogues.assistant");
    Target reward = run.target(run.config().scores().judge(), "scores.judge");
    run.describe(
        "dialogues", d.perPrompt() + " dialogue(s) of " + d.turns() + " user turns per prompt");
    double minReward = d.minReward() != null ? d.minReward() : run.config().filter().minReward();
    GenerateDialoguesStage stage =
        new GenerateDialoguesStage(
            d,
            user.config().model(),
            RunContext.sampling(user.config()),
            assistant.config().model(),
            RunContext.sampling(assistant.config()),
            new RewardWeights(run.config().scores().weights()),
            minReward,
            run.config().run().seed());
    Dataset<Row> work =
        prompts.flatMap(
            new WorkItems.Dialogues(stage, d.perPrompt()), Encoders.row(WorkItems.DIALOGUES));
    return run.commit(
        Tables.DIALOGUES,
        Tables.DIALOGUE,
        "dialogue_id",
        work,
        ModelCalls.to(
            assistant,
            Tables.DIALOGUE,
            Calls.dialogues(stage, user.name(), assistant.name(), reward.name()),
            user,
            reward));
  }
}
