package io.sparksdg.report;

/**
 * How a run ended, from {@code _summary.json}: a run whose failures passed its error budget, or
 * that stopped before writing a summary, is a failed run and the page says so first.
 *
 * @param failed whether the run failed (over its error budget, or unfinished)
 * @param outcome one line: what happened
 * @param workItems units of work attempted
 * @param failures those that failed
 * @param failureShare failures over work items
 * @param errorBudget {@code run.error-budget}, or null when unknown
 */
public record RunStatus(
    boolean failed,
    String outcome,
    long workItems,
    long failures,
    double failureShare,
    Double errorBudget) {}
