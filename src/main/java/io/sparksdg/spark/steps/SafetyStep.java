package io.sparksdg.spark.steps;

import io.sparksdg.spark.exec.Calls;
import io.sparksdg.spark.exec.ModelCalls;
import io.sparksdg.spark.exec.Target;
import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.judging.ScreenSafetyStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code safety} table: the guard's verdict on every prompt and every response. */
public final class SafetyStep {

  private static final Logger LOG = LoggerFactory.getLogger(SafetyStep.class);

  private final RunContext run;

  public SafetyStep(RunContext run) {
    this.run = run;
  }

  /** Returns the committed {@code safety} table, or null when screening is off. */
  public Dataset<Row> run(Dataset<Row> prompts, Dataset<Row> responses) {
    if (!run.config().safety().enabled()) {
      return null;
    }
    String name = run.config().safety().guard();
    Target target = run.target(name, "safety.guard");
    run.describe("safety", "Screen prompts and responses with " + name);
    ScreenSafetyStage stage = SafetyScreening.stage(target);
    Dataset<Row> safety =
        run.commit(
            Tables.SAFETY,
            Tables.SAFETY_ROW,
            "safety_id",
            SafetyScreening.work(stage, prompts, responses),
            ModelCalls.to(target, Tables.SAFETY_ROW, Calls.safety(stage, name)));
    long[] unsafe = SafetyScreening.unsafeCounts(safety);
    run.count("safety_unsafe_prompts", unsafe[0]);
    run.count("safety_unsafe_responses", unsafe[1]);
    LOG.info("Stage safety: {} unsafe prompts, {} unsafe responses", unsafe[0], unsafe[1]);
    return safety;
  }
}
