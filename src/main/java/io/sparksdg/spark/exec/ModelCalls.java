package io.sparksdg.spark.exec;

import io.sparksdg.model.ChatClient;
import io.sparksdg.model.RewardClient;
import io.sparksdg.model.http.HttpModelClients;
import io.sparksdg.records.Outcome;
import io.sparksdg.spark.tables.Outcomes;
import io.sparksdg.spark.tables.RecordSchema;
import io.sparksdg.spark.tables.Rows;
import io.sparksdg.stages.InFlight;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * The one executor function of every model-calling step: work item rows in, outcome rows {@code
 * (work_id, ok, failure)} out, in the order the calls complete. What a work item asks of which
 * model is a {@link Call}, plain Java over records; this class keeps up to the endpoints'
 * per-executor budgets outstanding, feeds the circuit breaker and reports the HTTP counters. It
 * holds only serializable settings; HTTP clients come from the per-JVM registry in {@link
 * HttpModelClients}, created on first use.
 */
public final class ModelCalls<T extends Record> implements MapPartitionsFunction<Row, Row> {

  /** Column every work item row carries: the deterministic id of its call(s). */
  public static final String WORK_ID = "work_id";

  /**
   * A Spark local property (set on the driver thread with {@code SparkContext.setLocalProperty})
   * that makes every model-calling task's first attempt fail after its first result, so tests can
   * show that retried tasks leave no second copy of anything.
   */
  public static final String CHAOS_FAIL_FIRST_ATTEMPT = "sdg.chaos.failFirstAttempt";

  /** One work item's calls, from its row and this JVM's clients. */
  @FunctionalInterface
  public interface Call<T> extends Serializable {
    CompletableFuture<List<Outcome<T>>> apply(Row work, Clients clients);
  }

  /** Which endpoint a work item's outcomes count against (circuit breaker). */
  @FunctionalInterface
  public interface Route extends Serializable {
    String endpoint(Row work);
  }

  /** The clients of this JVM for the function's endpoints, by endpoint name. */
  public static final class Clients {
    private final Map<String, Target> targets;

    private Clients(Map<String, Target> targets) {
      this.targets = targets;
    }

    public ChatClient chat(String endpoint) {
      Target t = targets.get(endpoint);
      return HttpModelClients.chat(t.name(), t.config());
    }

    public RewardClient reward(String endpoint) {
      Target t = targets.get(endpoint);
      return HttpModelClients.reward(t.name(), t.config());
    }
  }

  private final RecordSchema<T> schema;
  private final Map<String, Target> targets;
  private final Route route;
  private final Call<T> call;

  private ModelCalls(
      RecordSchema<T> schema, Collection<Target> targets, Route route, Call<T> call) {
    this.schema = schema;
    Map<String, Target> byName = new LinkedHashMap<>();
    targets.forEach(t -> byName.put(t.name(), t));
    this.targets = Map.copyOf(byName);
    this.route = route;
    this.call = call;
  }

  /** Calls to one endpoint (the {@code call} may also use the clients of {@code others}). */
  public static <T extends Record> ModelCalls<T> to(
      Target target, RecordSchema<T> schema, Call<T> call, Target... others) {
    List<Target> all = new ArrayList<>(List.of(others));
    all.add(target);
    String name = target.name();
    return new ModelCalls<>(schema, all, work -> name, call);
  }

  /** Calls where each work item names its endpoint ({@code route}), e.g. several generators. */
  public static <T extends Record> ModelCalls<T> routed(
      Collection<Target> targets, Route route, RecordSchema<T> schema, Call<T> call) {
    return new ModelCalls<>(schema, targets, route, call);
  }

  @Override
  public Iterator<Row> call(Iterator<Row> work) {
    Clients clients = new Clients(targets);
    targets.values().forEach(t -> EndpointMetrics.reportWhenTaskEnds(t.metrics()));
    int lookahead =
        targets.values().stream().mapToInt(t -> t.config().maxConcurrency()).max().orElse(1);
    record Done<T>(String workId, Target target, List<Outcome<T>> outcomes) {}
    Iterator<Done<T>> done =
        InFlight.map(
            work,
            row -> {
              String id = Rows.string(row, WORK_ID);
              Target target = targets.get(route.endpoint(row));
              return call.apply(row, clients)
                  .thenApply(outcomes -> new Done<>(id, target, outcomes));
            },
            lookahead);
    return chaos(
        Iterators.flatten(
            Iterators.map(
                done,
                d -> {
                  List<Row> rows = new ArrayList<>(d.outcomes().size());
                  for (Outcome<T> outcome : d.outcomes()) {
                    breaker(d.target(), outcome);
                    rows.add(Outcomes.toRow(d.workId(), outcome, schema));
                  }
                  return rows;
                })));
  }

  private static void breaker(Target target, Outcome<?> outcome) {
    if (outcome instanceof Outcome.Failed<?> failed) {
      EndpointBreaker.failure(target.name(), failed.failure(), target.breakerThreshold());
    } else {
      EndpointBreaker.success(target.name());
    }
  }

  /**
   * Fails a task's first attempt after its first result when the chaos setting asks for it, so
   * tests can show that a retried task leaves no second copy of what the failed attempt wrote.
   */
  private static Iterator<Row> chaos(Iterator<Row> rows) {
    TaskContext task = TaskContext.get();
    boolean armed =
        task != null
            && task.attemptNumber() == 0
            && Boolean.parseBoolean(task.getLocalProperty(CHAOS_FAIL_FIRST_ATTEMPT));
    if (!armed) {
      return rows;
    }
    return new Iterator<>() {
      private int yielded;

      @Override
      public boolean hasNext() {
        if (yielded >= 1 && rows.hasNext()) {
          throw new IllegalStateException(
              "Injected failure of a task's first attempt (" + CHAOS_FAIL_FIRST_ATTEMPT + ")");
        }
        return rows.hasNext();
      }

      @Override
      public Row next() {
        yielded++;
        return rows.next();
      }
    };
  }
}
