package io.sparksdg.spark.run;

import java.util.Locale;

/**
 * The run spent {@code run.max-budget} and stopped before its next micro-batch; what was committed
 * stays, and a re-run with a larger budget resumes. The message is one line.
 */
public final class BudgetSpentException extends RuntimeException {

  BudgetSpentException(String stage, double spentUsd, double maxBudgetUsd) {
    super(
        String.format(
            Locale.ROOT,
            "run.max-budget of $%.4f spent ($%.4f) before stage %s was done; every answer paid"
                + " for is kept: re-run with a larger budget (--set run.max-budget=...) to resume",
            maxBudgetUsd,
            spentUsd,
            stage));
  }
}
