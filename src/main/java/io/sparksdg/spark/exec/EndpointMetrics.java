package io.sparksdg.spark.exec;

import io.sparksdg.model.http.EndpointCounters;
import io.sparksdg.model.http.HttpModelClients;
import io.sparksdg.model.http.ReplicaCounters;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.spark.TaskContext;
import org.apache.spark.util.AccumulatorV2;
import org.apache.spark.util.TaskCompletionListener;

/**
 * One endpoint's HTTP counters summed over every JVM of a run: a Spark accumulator, registered on
 * the driver under the name {@code sdg endpoint <name>} (so the Spark UI shows it on each stage
 * that called the endpoint) and fed by executors when a task that called the endpoint ends.
 *
 * <p>Executors keep their counters per JVM ({@link HttpModelClients#counters()}), shared by the
 * tasks running there; a task that ends hands over everything its JVM counted since the JVM's last
 * hand-over ({@link #report}), so the sum over tasks is the sum over JVMs. Spark merges the updates
 * of successful tasks only: requests made by a task that then failed, or by an executor that died,
 * are not counted.
 */
public final class EndpointMetrics
    extends AccumulatorV2<EndpointMetrics.Totals, EndpointMetrics.Totals> {

  /** What this JVM's counters were at its last hand-over, by endpoint. */
  private static final ConcurrentMap<String, Reported> REPORTED = new ConcurrentHashMap<>();

  /** Counters as handed over, and which start of the counters they were counted from. */
  private record Reported(long generation, Totals totals) {}

  private final String endpoint;
  private Totals totals;

  public EndpointMetrics(String endpoint) {
    this(endpoint, new Totals());
  }

  private EndpointMetrics(String endpoint, Totals totals) {
    this.endpoint = endpoint;
    this.totals = totals;
  }

  /**
   * Registers a listener that adds this JVM's new counts to {@code metrics} when the current task
   * ends; does nothing outside a task or without an accumulator.
   */
  static void reportWhenTaskEnds(EndpointMetrics metrics) {
    TaskContext task = TaskContext.get();
    if (task == null || metrics == null) {
      return;
    }
    task.addTaskCompletionListener(
        (TaskCompletionListener) context -> metrics.add(report(metrics.endpoint)));
  }

  /** This JVM's counts for an endpoint since its last report, and marks them reported. */
  static Totals report(String endpoint) {
    synchronized (REPORTED) {
      EndpointCounters counters = HttpModelClients.counters().get(endpoint);
      if (counters == null) {
        return new Totals();
      }
      Totals now = Totals.of(counters, HttpModelClients.latencyBuckets(endpoint));
      for (ReplicaCounters r : HttpModelClients.replicaCounters(endpoint)) {
        now.replicas.put(r.url(), ReplicaTotals.of(r));
      }
      // counters started again from zero (tests reset them): everything now is new
      long generation = HttpModelClients.generation();
      Reported last = REPORTED.put(endpoint, new Reported(generation, now));
      Totals delta =
          last == null || last.generation() != generation ? now : now.minus(last.totals());
      // a gauge, not a count: the latest limit of this JVM, by executor
      org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
      String executor = env == null ? "driver" : env.executorId();
      delta.limits.put(executor, counters.currentLimit());
      for (ReplicaCounters r : HttpModelClients.replicaCounters(endpoint)) {
        delta
            .replicas
            .computeIfAbsent(r.url(), u -> new ReplicaTotals())
            .limits
            .put(executor, r.currentLimit());
      }
      return delta;
    }
  }

  String endpoint() {
    return endpoint;
  }

  @Override
  public boolean isZero() {
    return totals.attempts == 0 && totals.successes == 0 && totals.failures == 0;
  }

  @Override
  public EndpointMetrics copy() {
    return new EndpointMetrics(endpoint, totals.copy());
  }

  @Override
  public void reset() {
    totals = new Totals();
  }

  @Override
  public void add(Totals v) {
    totals.addAll(v);
  }

  @Override
  public void merge(AccumulatorV2<Totals, Totals> other) {
    totals.addAll(other.value());
  }

  @Override
  public Totals value() {
    return totals;
  }

  @Override
  public String toString() {
    return totals.toString();
  }

  /** Counts and a latency histogram; mutable, merged by adding. */
  public static final class Totals implements Serializable {
    long attempts;
    long successes;
    public long retries;
    public long failures;
    final Map<String, Long> retriesByClass = new TreeMap<>();
    final Map<String, Long> failuresByClass = new TreeMap<>();
    public long promptTokens;
    public long completionTokens;
    long[] latencyBuckets = HttpModelClients.latencyBuckets("");

    /** The in-flight limit each executor last reported (a gauge: the newest report wins). */
    final Map<String, Integer> limits = new TreeMap<>();

    /** Each replica's figures by base URL, in the order first reported. */
    final Map<String, ReplicaTotals> replicas = new LinkedHashMap<>();

    static Totals of(EndpointCounters c, long[] buckets) {
      Totals t = new Totals();
      t.attempts = c.attempts();
      t.successes = c.successes();
      t.retries = c.retries();
      t.failures = c.failures();
      t.retriesByClass.putAll(c.retriesByClass());
      t.failuresByClass.putAll(c.failuresByClass());
      t.promptTokens = c.promptTokens();
      t.completionTokens = c.completionTokens();
      t.latencyBuckets = buckets.clone();
      return t;
    }

    Totals copy() {
      Totals t = new Totals();
      t.addAll(this);
      return t;
    }

    void addAll(Totals o) {
      combine(o, 1);
    }

    Totals minus(Totals o) {
      Totals t = copy();
      t.combine(o, -1);
      t.retriesByClass.values().removeIf(v -> v == 0);
      t.failuresByClass.values().removeIf(v -> v == 0);
      return t;
    }

    private void combine(Totals o, int sign) {
      attempts += sign * o.attempts;
      successes += sign * o.successes;
      retries += sign * o.retries;
      failures += sign * o.failures;
      o.retriesByClass.forEach((k, v) -> retriesByClass.merge(k, sign * v, Long::sum));
      o.failuresByClass.forEach((k, v) -> failuresByClass.merge(k, sign * v, Long::sum));
      promptTokens += sign * o.promptTokens;
      completionTokens += sign * o.completionTokens;
      for (int i = 0; i < latencyBuckets.length && i < o.latencyBuckets.length; i++) {
        latencyBuckets[i] += sign * o.latencyBuckets[i];
      }
      if (sign > 0) {
        limits.putAll(o.limits);
      }
      o.replicas.forEach(
          (url, r) -> replicas.computeIfAbsent(url, u -> new ReplicaTotals()).combine(r, sign));
    }

    /** The job-wide in-flight limit: the sum of the executors' latest limits. */
    public int limit() {
      return limits.values().stream().mapToInt(Integer::intValue).sum();
    }

    double latencyMillis(double quantile) {
      return HttpModelClients.latencyPercentileMillis(latencyBuckets, quantile);
    }

    /** The form written to {@code _metrics.json}. */
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("requests", attempts);
      m.put("successes", successes);
      m.put("retries", retries);
      m.put("retries-by-class", retriesByClass);
      m.put("failures", failures);
      m.put("failures-by-class", failuresByClass);
      m.put("prompt-tokens", promptTokens);
      m.put("completion-tokens", completionTokens);
      Map<String, Object> latency = new LinkedHashMap<>();
      for (double q : new double[] {0.5, 0.9, 0.99}) {
        double ms = latencyMillis(q);
        latency.put(
            "p" + Math.round(q * 100), Double.isNaN(ms) ? null : Math.round(ms * 10) / 10.0);
      }
      m.put("latency-ms", latency);
      if (replicas.size() > 1) {
        List<Map<String, Object>> list = new ArrayList<>();
        replicas.forEach((url, r) -> list.add(r.toJson(url)));
        m.put("replicas", list);
      }
      return m;
    }

    @Override
    public String toString() {
      return String.format(
          "requests=%d successes=%d retries=%d failures=%d tokens=%d+%d p50=%.0fms p99=%.0fms",
          attempts,
          successes,
          retries,
          failures,
          promptTokens,
          completionTokens,
          latencyMillis(0.5),
          latencyMillis(0.99));
    }
  }

  /** One replica's counts, latency histogram and limits; mutable, merged by adding. */
  static final class ReplicaTotals implements Serializable {
    long calls;
    long errors;
    long ejections;
    long[] latencyBuckets = HttpModelClients.latencyBuckets("");
    final Map<String, Integer> limits = new TreeMap<>();

    static ReplicaTotals of(ReplicaCounters c) {
      ReplicaTotals t = new ReplicaTotals();
      t.calls = c.calls();
      t.errors = c.errors();
      t.ejections = c.ejections();
      t.latencyBuckets = c.latencyBuckets();
      return t;
    }

    void combine(ReplicaTotals o, int sign) {
      calls += sign * o.calls;
      errors += sign * o.errors;
      ejections += sign * o.ejections;
      for (int i = 0; i < latencyBuckets.length && i < o.latencyBuckets.length; i++) {
        latencyBuckets[i] += sign * o.latencyBuckets[i];
      }
      if (sign > 0) {
        limits.putAll(o.limits);
      }
    }

    Map<String, Object> toJson(String url) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("url", url);
      m.put("requests", calls);
      m.put("errors", errors);
      Map<String, Object> latency = new LinkedHashMap<>();
      for (double q : new double[] {0.5, 0.95}) {
        double ms = HttpModelClients.latencyPercentileMillis(latencyBuckets, q);
        latency.put(
            "p" + Math.round(q * 100), Double.isNaN(ms) ? null : Math.round(ms * 10) / 10.0);
      }
      m.put("latency-ms", latency);
      m.put("limit", limits.values().stream().mapToInt(Integer::intValue).sum());
      m.put("ejections", ejections);
      return m;
    }
  }
}
