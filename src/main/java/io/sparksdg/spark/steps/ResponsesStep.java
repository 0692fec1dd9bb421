package io.sparksdg.spark.steps;

import static org.apache.spark.sql.functions.col;

import io.sparksdg.spark.exec.Calls;
import io.sparksdg.spark.exec.ModelCalls;
import io.sparksdg.spark.exec.Target;
import io.sparksdg.spark.exec.WorkItems;
import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.responses.GenerateResponsesStage;
import io.sparksdg.stages.responses.GeneratorChoice;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * The {@code responses} table: {@code responses.per-prompt} samples per prompt, each from a
 * generator drawn from {@code responses.generators} by weight.
 */
public final class ResponsesStep {

  private final RunContext run;

  public ResponsesStep(RunContext run) {
    this.run = run;
  }

  /** Returns the committed {@code responses} table. */
  public Dataset<Row> run(Dataset<Row> prompts) {
    Map<String, Double> weights = run.config().responses().generators();
    int perPrompt = run.config().responses().perPrompt();
    long seed = run.config().run().seed();
    run.describe("responses", perPrompt + " responses per prompt from " + weights.keySet());
    Map<String, GenerateResponsesStage> stages = new LinkedHashMap<>();
    Map<String, Target> targets = new LinkedHashMap<>();
    for (String name : weights.keySet()) {
      Target target = run.target(name, "responses.generators");
      targets.put(name, target);
      stages.put(
          name,
          new GenerateResponsesStage(
              target.config().model(), RunContext.sampling(target.config()), perPrompt, seed));
    }
    GeneratorChoice choice = new GeneratorChoice(weights, seed);
    Dataset<Row> samples =
        prompts.flatMap(
            new WorkItems.Samples(choice, stages, perPrompt), Encoders.row(WorkItems.SAMPLES));
    return run.commit(
        Tables.RESPONSES,
        Tables.RESPONSE,
        "response_id",
        samples,
        ModelCalls.routed(
            targets.values(), Calls::generator, Tables.RESPONSE, Calls.responses(stages)),
        col("prompt.messages"));
  }
}
