package io.sparksdg.spark.steps;

import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.run.RunReports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code _report/}: the run report, from the tables and metrics as they are now. */
public final class ReportStep {

  private static final Logger LOG = LoggerFactory.getLogger(ReportStep.class);

  private final RunContext run;

  public ReportStep(RunContext run) {
    this.run = run;
  }

  public void run() {
    if (!run.config().output().report()) {
      return;
    }
    try {
      run.describe("report", "Write the run report");
      new RunReports(run.spark(), run.out().root()).write();
    } catch (Exception e) { // a report must neither fail a run nor hide why a run failed
      LOG.warn("Could not write the run report under {}: {}", run.out().root(), e.toString());
    }
  }
}
