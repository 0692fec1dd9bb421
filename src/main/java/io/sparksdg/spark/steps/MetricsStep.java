package io.sparksdg.spark.steps;

import io.sparksdg.ops.CostLedger;
import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.run.RunMonitor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code _metrics.json}: every endpoint's counters summed over executors, the rows so far, and the
 * cost per stage and in total against the budget.
 */
public final class MetricsStep {

  private static final Logger LOG = LoggerFactory.getLogger(MetricsStep.class);

  private final RunContext run;

  public MetricsStep(RunContext run) {
    this.run = run;
  }

  public void run() {
    RunMonitor monitor = run.monitor();
    Map<String, Object> endpoints = new LinkedHashMap<>();
    run.metrics()
        .forEach(
            (name, m) -> {
              Map<String, Object> json = m.value().toJson();
              // no price, no cost: the report says "not configured" rather than $0
              json.put(
                  "cost-usd",
                  run.config().endpoints().get(name).price().isSet()
                      ? monitor.endpointCosts().get(name)
                      : null);
              endpoints.put(name, json);
              LOG.info("Endpoint {}: {}", name, line(json));
            });
    try {
      run.out().writeMetrics(run.fingerprint(), endpoints, run.rows(), costs(monitor));
    } catch (RuntimeException e) { // the run's own outcome matters more than its metrics
      LOG.warn("Could not write _metrics.json under {}: {}", run.out().root(), e.toString());
    }
  }

  /**
   * An endpoint's counters for the log, e.g. {@code requests=67 successes=67 retries=0 failures=0
   * tokens=1287+7052 p50=46ms p99=452ms}; "no successful calls" instead of latencies when there
   * were none.
   */
  static String line(Map<String, Object> json) {
    StringBuilder b = new StringBuilder();
    for (String key : new String[] {"requests", "successes", "retries", "failures"}) {
      b.append(key).append('=').append(json.get(key)).append(' ');
    }
    b.append("tokens=")
        .append(json.get("prompt-tokens"))
        .append('+')
        .append(json.get("completion-tokens"));
    Object latency = json.get("latency-ms");
    Object p50 = latency instanceof Map<?, ?> l ? l.get("p50") : null;
    Object p99 = latency instanceof Map<?, ?> l ? l.get("p99") : null;
    if (p50 == null || p99 == null) {
      return b.append(" (no successful calls)").toString();
    }
    return b.append(
            String.format(
                java.util.Locale.ROOT,
                " p50=%.0fms p99=%.0fms",
                ((Number) p50).doubleValue(),
                ((Number) p99).doubleValue()))
        .toString();
  }

  /** The cost keys of {@code _metrics.json}: per stage, in total, and the budget. */
  private Map<String, Object> costs(RunMonitor monitor) {
    Map<String, Object> costs = new LinkedHashMap<>();
    costs.put("stages", monitor.ledger().stagesJson());
    boolean priced = run.config().endpoints().values().stream().anyMatch(e -> e.price().isSet());
    costs.put(
        "cost-usd",
        priced
            ? CostLedger.usd(
                monitor.endpointCosts().values().stream().mapToDouble(Double::doubleValue).sum())
            : null);
    costs.put("max-budget-usd", run.config().run().maxBudget());
    costs.put("budget-spent", monitor.budgetSpent());
    return costs;
  }
}
