package io.sparksdg.spark.steps;

import io.sparksdg.spark.run.RunContext;

/** The trainer exports under {@code exports/}: NeMo-Aligner DPO/RPO, TRL, SFT messages. */
public final class ExportsStep {

  private final RunContext run;

  public ExportsStep(RunContext run) {
    this.run = run;
  }

  public void run() {
    if (run.config().exports().enabled()) {
      run.describe("exports", "Write trainer exports");
      new Exports(run.spark(), run.out(), run.config(), run.fingerprint()).write();
    }
  }
}
