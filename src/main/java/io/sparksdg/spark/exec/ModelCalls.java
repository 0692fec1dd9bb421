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
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The one executor function of every model-calling step: work item rows in, outcome rows {@code
 * (work_id, ok, failure)} out, in the order the calls complete. What a work item asks of which
 * model is a {@link Call}, plain Java over records; this class keeps up to the endpoints'
 * per-executor budgets outstanding, feeds the circuit breaker and reports the HTTP counters. It
 * holds only serializable settings; HTTP clients come from the per-JVM registry in {@link
 * HttpModelClients}, created on first use.
 *
 * <p>With an {@link OutcomeLog} ({@link #loggedTo}), every outcome is committed to it within a
 * flush interval of its call finishing, and a retried task skips what its earlier attempt
 * committed. A follow-up ({@link #then}) is a later step's call started on each successful outcome
 * as soon as it arrives (a response scored while other responses are still being generated); its
 * outcomes go to that step's log, which the later step reads as already done.
 */
public final class ModelCalls<T extends Record> implements MapPartitionsFunction<Row, Row> {

  /** Column every work item row carries: the deterministic id of its call(s). */
  public static final String WORK_ID = Outcomes.WORK_ID;

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

  /** A later step's call on one successful outcome of this one. */
  @FunctionalInterface
  public interface FollowUp<T, U> extends Serializable {
    CompletableFuture<Outcome<U>> apply(Row work, T value, Clients clients);
  }

  /** The work id a follow-up of {@code value} has in its own step. */
  @FunctionalInterface
  public interface FollowUpId<T> extends Serializable {
    String of(T value);
  }

  /** A follow-up with its endpoint, the later step's row schema and log. */
  private record Then<T, U extends Record>(
      Target target,
      RecordSchema<U> schema,
      FollowUpId<T> workId,
      FollowUp<T, U> call,
      OutcomeLog log)
      implements Serializable {}

  /** Work items kept open per slot of a follow-up's endpoint (see {@link #lookahead}). */
  private static final int FOLLOW_UP_ROOM = 4;

  private static final Executor FOLLOW_UPS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "sdg-follow-up");
            t.setDaemon(true);
            return t;
          });

  /** The clients of this JVM for the function's endpoints, by endpoint name. */
  public static final class Clients {
    private final Map<String, Target> targets;
    private final Map<String, ChatClient> chats;

    private Clients(Map<String, Target> targets) {
      this(targets, Map.of());
    }

    /** Clients whose chat client of an endpoint in {@code chats} is that one (batch mode). */
    Clients(Map<String, Target> targets, Map<String, ChatClient> chats) {
      this.targets = targets;
      this.chats = chats;
    }

    public ChatClient chat(String endpoint) {
      ChatClient own = chats.get(endpoint);
      if (own != null) {
        return own;
      }
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
  private final OutcomeLog log;
  private final List<Then<T, ?>> thens;
  private final Set<String> own;
  private final SpendLimit limit;

  private ModelCalls(
      RecordSchema<T> schema,
      Collection<Target> targets,
      Route route,
      Call<T> call,
      OutcomeLog log,
      List<Then<T, ?>> thens,
      SpendLimit limit) {
    this.schema = schema;
    this.limit = limit;
    Map<String, Target> byName = new LinkedHashMap<>();
    targets.forEach(t -> byName.put(t.name(), t));
    this.own = Set.copyOf(byName.keySet());
    thens.forEach(t -> byName.putIfAbsent(t.target().name(), t.target()));
    this.targets = Map.copyOf(byName);
    this.route = route;
    this.call = call;
    this.log = log;
    this.thens = List.copyOf(thens);
  }

  private ModelCalls(
      RecordSchema<T> schema, Collection<Target> targets, Route route, Call<T> call) {
    this(schema, targets, route, call, null, List.of(), null);
  }

  /** The same calls, their outcomes committed to {@code log}. */
  public ModelCalls<T> loggedTo(OutcomeLog log) {
    return new ModelCalls<>(schema, ownTargets(), route, call, log, thens, limit);
  }

  /**
   * The same calls, starting none once this executor JVM has spent {@code shareUsd} in this launch
   * (tasks that stop for it add to {@code stops}); only when logged.
   */
  public ModelCalls<T> withBudget(double shareUsd, LongAccumulator stops) {
    return new ModelCalls<>(
        schema, ownTargets(), route, call, log, thens, new SpendLimit(launch(), shareUsd, stops));
  }

  /**
   * The same calls, each successful outcome followed by {@code call} on {@code target}, whose
   * outcomes (under {@code workId}) go to {@code log}; only when this is logged too.
   */
  public <U extends Record> ModelCalls<T> then(
      Target target,
      RecordSchema<U> schema,
      FollowUpId<T> workId,
      FollowUp<T, U> call,
      OutcomeLog log) {
    List<Then<T, ?>> more = new ArrayList<>(thens);
    more.add(new Then<>(target, schema, workId, call, log));
    return new ModelCalls<>(this.schema, ownTargets(), route, this.call, this.log, more, limit);
  }

  /**
   * The endpoints only follow-ups call, by the step (table) they call them for; an endpoint this
   * function's own calls use too is not listed.
   */
  public Map<String, String> followUpSteps() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Then<T, ?> then : thens) {
      out.put(then.target().name(), then.log().step());
    }
    own.forEach(out::remove);
    return out;
  }

  /**
   * Whether this function's own calls go through the batch API: all of its endpoints are in batch
   * mode (none: online).
   *
   * @throws io.sparksdg.config.ConfigException when some are and some are not
   */
  public boolean batchMode() {
    List<Target> mine = ownTargets();
    long batch = mine.stream().filter(t -> t.config().batchMode()).count();
    if (batch > 0 && batch < mine.size()) {
      throw new io.sparksdg.config.ConfigException(
          "Step "
              + (log == null ? "" : log.step() + " ")
              + "calls endpoints of both modes ("
              + mine.stream().map(t -> t.name() + ": " + t.config().batch().mode().key()).toList()
              + "); set the same endpoints.<name>.mode on all of them");
    }
    return batch > 0;
  }

  /**
   * The same calls without the follow-ups a batch cannot fuse: all of them when this function's own
   * calls are batched (the later steps then run on their own), else those to endpoints in batch
   * mode.
   */
  public ModelCalls<T> withoutBatchFollowUps() {
    boolean batch = batchMode();
    List<Then<T, ?>> kept =
        thens.stream().filter(t -> !batch && !t.target().config().batchMode()).toList();
    return kept.size() == thens.size()
        ? this
        : new ModelCalls<>(schema, ownTargets(), route, call, log, kept, limit);
  }

  Call<T> call() {
    return call;
  }

  RecordSchema<T> schema() {
    return schema;
  }

  OutcomeLog log() {
    return log;
  }

  /** The endpoint a work item's own call goes to. */
  Target targetOf(Row work) {
    return targets.get(route.endpoint(work));
  }

  /** This function's own endpoints, by name. */
  public Map<String, Target> own() {
    Map<String, Target> out = new LinkedHashMap<>();
    ownTargets().forEach(t -> out.put(t.name(), t));
    return out;
  }

  private List<Target> ownTargets() {
    return targets.values().stream().filter(t -> own.contains(t.name())).toList();
  }

  /** The endpoints this function calls, follow-ups' included. */
  public Collection<Target> targets() {
    return targets.values();
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
    TaskContext task = TaskContext.get();
    Clients clients = new Clients(targets);
    targets.values().forEach(t -> EndpointMetrics.reportWhenTaskEnds(t.metrics()));
    Logs logs = Logs.open(this, task);
    Iterator<Row> pending = logs == null ? work : logs.skipCommitted(work, task);
    record Done(List<Row> rows) {}
    Iterator<Done> done =
        InFlight.map(
            pending,
            row -> {
              String id = Rows.string(row, WORK_ID);
              Target target = targets.get(route.endpoint(row));
              EndpointBreaker.check(launch(), target.name());
              return call.apply(row, clients)
                  .thenCompose(outcomes -> settle(row, id, target, outcomes, clients, logs))
                  .thenApply(Done::new);
            },
            lookahead());
    Iterator<Row> rows = Iterators.flatten(Iterators.map(done, Done::rows));
    return chaos(logs == null ? rows : Iterators.onEnd(rows, logs::close));
  }

  /**
   * Keeps up to the largest budget of this function's own endpoints outstanding, plus room for the
   * work items whose follow-ups are in flight or waiting for a slot of their endpoint: a work item
   * stays open until its follow-ups end, and when a follow-up's server is briefly the slower one,
   * the items waiting for it must not take the slots of this function's own calls (the generator
   * would idle while the reward model catches up). Items beyond what the endpoints take wait at
   * their limiter and cost no request.
   */
  private int lookahead() {
    int mine = ownTargets().stream().mapToInt(t -> t.config().maxConcurrency()).max().orElse(1);
    Set<String> counted = new HashSet<>(own);
    int more =
        thens.stream()
            .filter(t -> counted.add(t.target().name()))
            .mapToInt(t -> t.target().config().maxConcurrency())
            .sum();
    return mine + FOLLOW_UP_ROOM * more;
  }

  /** A work item's outcomes: to the breaker and the log, then their follow-ups started. */
  private CompletableFuture<List<Row>> settle(
      Row work, String id, Target target, List<Outcome<T>> outcomes, Clients clients, Logs logs) {
    List<Row> rows = new ArrayList<>(outcomes.size());
    List<CompletableFuture<Void>> followUps = new ArrayList<>();
    for (Outcome<T> outcome : outcomes) {
      breaker(launch(), target, outcome);
      Row row = Outcomes.toRow(id, outcome, schema);
      rows.add(row);
      if (logs != null) {
        logs.own(row);
        // a follow-up not started for the budget is left to its own step on the next run
        if (outcome instanceof Outcome.Ok<T> ok && !logs.stopped()) {
          for (int i = 0; i < thens.size(); i++) {
            followUps.add(followUp(thens.get(i), i, work, ok.value(), clients, logs, launch()));
          }
        }
      }
    }
    return CompletableFuture.allOf(followUps.toArray(CompletableFuture[]::new))
        .thenApply(v -> rows);
  }

  private static <T, U extends Record> CompletableFuture<Void> followUp(
      Then<T, U> then, int index, Row work, T value, Clients clients, Logs logs, String launch) {
    return CompletableFuture.supplyAsync(
            () -> {
              EndpointBreaker.check(launch, then.target().name());
              return then.call().apply(work, value, clients);
            },
            FOLLOW_UPS)
        .thenCompose(f -> f)
        .thenAccept(
            outcome -> {
              breaker(launch, then.target(), outcome);
              logs.followUp(index, Outcomes.toRow(then.workId().of(value), outcome, then.schema()));
            });
  }

  /** A task's writers: this function's log first, then its follow-ups' logs in order. */
  private static final class Logs {
    private final OutcomeLog log;
    private final SpendLimit limit;
    private final Collection<Target> targets;
    private final OutcomeLog.TaskLogs task;
    private volatile boolean budgetSpent;
    private final OutcomeLog.Writer own;
    private final List<OutcomeLog.Writer> followUps;

    private Logs(
        OutcomeLog log,
        SpendLimit limit,
        Collection<Target> targets,
        OutcomeLog.Writer own,
        List<OutcomeLog.Writer> followUps) {
      this.log = log;
      this.limit = limit;
      this.targets = targets;
      this.own = own;
      this.followUps = followUps;
      List<OutcomeLog.Writer> all = new ArrayList<>();
      all.add(own);
      all.addAll(followUps);
      this.task = new OutcomeLog.TaskLogs(log, all);
    }

    static Logs open(ModelCalls<?> calls, TaskContext task) {
      if (calls.log == null) {
        return null;
      }
      List<OutcomeLog.Writer> followUps = new ArrayList<>();
      for (Then<?, ?> then : calls.thens) {
        followUps.add(then.log().writer(Outcomes.schema(then.schema()), task));
      }
      Logs logs =
          new Logs(
              calls.log,
              calls.limit,
              calls.targets.values(),
              calls.log.writer(Outcomes.schema(calls.schema), task),
              followUps);
      if (task != null) {
        task.addTaskCompletionListener((TaskCompletionListener) context -> logs.close());
      }
      return logs;
    }

    /**
     * The task's work without what an earlier attempt committed, ending early when the driver
     * signals a stop (the run's budget is spent).
     */
    Iterator<Row> skipCommitted(Iterator<Row> work, TaskContext task) {
      Set<String> done = log.committedByEarlierAttempts(task);
      Iterator<Row> todo =
          done.isEmpty()
              ? work
              : Iterators.filter(work, row -> !done.contains(Rows.string(row, WORK_ID)));
      return Iterators.until(todo, this::stopped);
    }

    /** Whether to start no new call: the driver said so, or this JVM's budget share is spent. */
    boolean stopped() {
      if (task.stopped()) {
        return true;
      }
      if (budgetSpent) {
        return true;
      }
      if (limit != null && limit.spent(targets)) {
        synchronized (this) {
          if (!budgetSpent) {
            budgetSpent = true;
            limit.stopped();
          }
        }
        return true;
      }
      return false;
    }

    void own(Row outcome) {
      task.append(own, outcome);
    }

    void followUp(int index, Row outcome) {
      task.append(followUps.get(index), outcome);
    }

    void close() {
      task.close();
    }
  }

  /** The Spark job these calls belong to (the breaker's scope). */
  private String launch() {
    return log == null ? "unlogged" : log.launch();
  }

  private static void breaker(String launch, Target target, Outcome<?> outcome) {
    if (outcome instanceof Outcome.Failed<?> failed) {
      EndpointBreaker.failure(launch, target.name(), failed.failure(), target.breakerThreshold());
    } else {
      EndpointBreaker.success(launch, target.name());
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
