package io.sparksdg.spark.steps;

import static org.apache.spark.sql.functions.col;

import io.sparksdg.judge.RewardWeights;
import io.sparksdg.records.ResponseRecord;
import io.sparksdg.spark.exec.Calls;
import io.sparksdg.spark.exec.ModelCalls;
import io.sparksdg.spark.exec.Target;
import io.sparksdg.spark.exec.WorkItems;
import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.curation.PairPreferencesStage;
import io.sparksdg.stages.judging.ScoreResponsesStage;
import io.sparksdg.stages.judging.ScreenSafetyStage;
import io.sparksdg.stages.responses.GenerateResponsesStage;
import io.sparksdg.stages.responses.GeneratorChoice;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * The {@code responses} table: {@code responses.per-prompt} samples per prompt (and per reasoning
 * mode, {@code responses.reasoning}), each from a generator drawn from {@code responses.generators}
 * by weight; with {@code run.pipeline} (the default), each one scored as soon as it arrives.
 */
public final class ResponsesStep {

  private final RunContext run;

  public ResponsesStep(RunContext run) {
    this.run = run;
  }

  /** Returns the committed {@code responses} table. */
  public Dataset<Row> run(Dataset<Row> prompts) {
    return run(prompts, null);
  }

  /**
   * The committed {@code responses} table, {@code attempts} deciding how many samples each prompt
   * gets, in place of {@code responses.per-prompt}; the responses are scored (and screened) as they
   * arrive, and judged only when an attempt is a whole prompt ({@link TargetAttempts#prompts}):
   * otherwise a prompt's samples are not known to be complete.
   *
   * @param attempts the samples of each prompt row (and the other columns of the rows kept), or
   *     null for {@code responses.per-prompt} of every prompt
   */
  public Dataset<Row> run(Dataset<Row> prompts, TargetAttempts attempts) {
    Map<String, Double> weights = run.config().responses().generators();
    int perPrompt = run.config().responses().perPrompt();
    long seed = run.config().run().seed();
    run.describe(
        "responses",
        (attempts == null
                ? perPrompt + " responses per prompt"
                : "Attempts towards target.accepted")
            + (run.config().responses().reasoningModes() ? " and reasoning mode" : "")
            + " from "
            + weights.keySet());
    Map<String, GenerateResponsesStage> stages = new LinkedHashMap<>();
    Map<String, Target> targets = new LinkedHashMap<>();
    for (String name : weights.keySet()) {
      Target target = run.target(name, "responses.generators");
      targets.put(name, target);
      stages.put(
          name,
          new GenerateResponsesStage(
              target.config().model(),
              RunContext.sampling(target.config()),
              perPrompt,
              seed,
              run.config().responses()));
    }
    GeneratorChoice choice = new GeneratorChoice(weights, seed);
    Dataset<Row> samples =
        attempts == null
            ? prompts.flatMap(
                new WorkItems.Samples(choice, stages, perPrompt), Encoders.row(WorkItems.SAMPLES))
            : attempts.samples(prompts, choice, stages);
    ModelCalls<ResponseRecord> calls =
        ModelCalls.routed(
            targets.values(), Calls::generator, Tables.RESPONSE, Calls.responses(stages));
    if (run.config().run().pipeline()) {
      calls = scoredAsTheyArrive(calls);
      // a prompt's pairs can be judged once all its samples are among the attempts
      calls =
          attempts == null || attempts.wholePrompts()
              ? judgedAsTheyArrive(calls, perPrompt)
              : calls;
    }
    return run.commit(
        Tables.RESPONSES, Tables.RESPONSE, "response_id", samples, calls, col("prompt.messages"));
  }

  /**
   * A prompt's scored responses sent to the LLM judge, pair by pair, as soon as the last of them is
   * scored (when the judge takes part); the work is then partitioned by prompt (and reasoning mode:
   * only responses of one mode are paired), so that the responses paired meet in one task. The
   * verdicts go to the {@code judgements} step's log. A judge that is also one of the generators is
   * left to its own step: its slots are the generator's anyway, and the tokens of each step stay
   * apart in the metrics.
   */
  private ModelCalls<ResponseRecord> judgedAsTheyArrive(
      ModelCalls<ResponseRecord> calls, int perPrompt) {
    String judge = run.config().preferences().pairJudgeEndpoint();
    if (!run.config().preferences().usesPairJudge()
        || perPrompt < 2
        || run.config().responses().generators().containsKey(judge)) {
      return calls;
    }
    Target target = run.target(judge, run.config().preferences().pairJudgeKey());
    return calls.thenPerGroup(
        target,
        Tables.JUDGEMENT,
        "pairing_group",
        perPrompt,
        Tables.SCORES,
        Calls.judgePairsOf(
            new PairPreferencesStage(run.config().preferences()),
            JudgementsStep.stage(run, target),
            judge),
        run.outcomeLog(Tables.JUDGEMENTS));
  }

  /**
   * Each response sent to the reward model (and the guard, when screening is on) as soon as it
   * arrives, while the other responses are still being generated; the scores and verdicts go to the
   * {@code scores} and {@code safety} steps' logs, which those steps read as done, so every server
   * is busy at once and no step waits for the whole of another.
   */
  private ModelCalls<ResponseRecord> scoredAsTheyArrive(ModelCalls<ResponseRecord> calls) {
    String judge = run.config().scores().judge();
    ScoreResponsesStage scoring =
        new ScoreResponsesStage(
            new RewardWeights(run.config().scores().weights()),
            run.config().scores().includeReasoning());
    calls =
        calls.then(
            run.target(judge, "scores.judge"),
            Tables.SCORE,
            ResponseRecord::responseId,
            Calls.scoreEach(scoring, judge),
            run.outcomeLog(Tables.SCORES));
    if (!run.config().safety().enabled()) {
      return calls;
    }
    String guard = run.config().safety().guard();
    Target target = run.target(guard, "safety.guard");
    ScreenSafetyStage screening = SafetyScreening.stage(target);
    return calls.then(
        target,
        Tables.SAFETY_ROW,
        r -> screening.safetyId(ScreenSafetyStage.RESPONSE, r.responseId()),
        Calls.screenEach(screening, guard),
        run.outcomeLog(Tables.SAFETY));
  }
}
