package io.sparksdg.spark.exec;

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
import java.util.Optional;
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

  /**
   * A later step's calls on a group of this step's successful outcomes (a prompt's responses judged
   * pair by pair), started once every work item of the group has settled: the later step's work ids
   * with their calls.
   */
  @FunctionalInterface
  public interface GroupFollowUp<T, U> extends Serializable {
    Map<String, CompletableFuture<Outcome<U>>> apply(Row work, List<T> members, Clients clients);
  }

  /** A follow-up with its endpoint, the later step's row schema and log. */
  private record Then<T, U extends Record>(
      Target target,
      RecordSchema<U> schema,
      FollowUpId<T> workId,
      FollowUp<T, U> call,
      OutcomeLog log)
      implements Serializable {}

  /**
   * A group follow-up: groups are the work items with equal {@code key} (a dotted column path),
   * {@code size} items each; a member is a successful outcome whose follow-up {@code requires} (an
   * index into the follow-ups, or -1) succeeded too.
   */
  record PerGroup<T, U extends Record>(
      Target target,
      RecordSchema<U> schema,
      String key,
      int size,
      int requires,
      GroupFollowUp<T, U> call,
      OutcomeLog log)
      implements Serializable {}

  /** Work items kept open per slot of a follow-up's endpoint (see {@link #lookahead}). */
  private static final int FOLLOW_UP_ROOM = 4;

  static final Executor FOLLOW_UPS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "sdg-follow-up");
            t.setDaemon(true);
            return t;
          });

  private final RecordSchema<T> schema;
  private final Map<String, Target> targets;
  private final Route route;
  private final Call<T> call;
  private final OutcomeLog log;
  private final List<Then<T, ?>> thens;
  private final PerGroup<T, ?> group;
  private final Set<String> own;
  private final SpendLimit limit;

  private ModelCalls(
      RecordSchema<T> schema,
      Collection<Target> targets,
      Route route,
      Call<T> call,
      OutcomeLog log,
      List<Then<T, ?>> thens,
      PerGroup<T, ?> group,
      SpendLimit limit) {
    this.schema = schema;
    this.limit = limit;
    Map<String, Target> byName = new LinkedHashMap<>();
    targets.forEach(t -> byName.put(t.name(), t));
    this.own = Set.copyOf(byName.keySet());
    thens.forEach(t -> byName.putIfAbsent(t.target().name(), t.target()));
    if (group != null) {
      byName.putIfAbsent(group.target().name(), group.target());
    }
    this.targets = Map.copyOf(byName);
    this.route = route;
    this.call = call;
    this.log = log;
    this.thens = List.copyOf(thens);
    this.group = group;
  }

  private ModelCalls(
      RecordSchema<T> schema, Collection<Target> targets, Route route, Call<T> call) {
    this(schema, targets, route, call, null, List.of(), null, null);
  }

  /** The same calls, their outcomes committed to {@code log}. */
  public ModelCalls<T> loggedTo(OutcomeLog log) {
    return new ModelCalls<>(schema, ownTargets(), route, call, log, thens, group, limit);
  }

  /**
   * The same calls, starting none once this executor JVM has spent {@code shareUsd} in this launch
   * (tasks that stop for it add to {@code stops}); only when logged.
   */
  public ModelCalls<T> withBudget(double shareUsd, LongAccumulator stops) {
    return new ModelCalls<>(
        schema,
        ownTargets(),
        route,
        call,
        log,
        thens,
        group,
        new SpendLimit(launch(), shareUsd, stops));
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
    return new ModelCalls<>(
        this.schema, ownTargets(), route, this.call, this.log, more, group, limit);
  }

  /**
   * The same calls, each group of {@code size} work items with equal {@code key} (a dotted column
   * path such as {@code prompt.prompt_id}) followed by {@code call} on its members once all of them
   * have settled: the successful outcomes whose follow-up to the step {@code requires} (one already
   * added with {@link #then}) succeeded too. Its outcomes go to {@code log}. The work is then
   * partitioned by {@code key} ({@link #partitionColumn}) so that a group is seen by one task; a
   * group a task does not see whole (some of it committed by an earlier run) is left to the later
   * step, which requests what no log holds.
   */
  public <U extends Record> ModelCalls<T> thenPerGroup(
      Target target,
      RecordSchema<U> schema,
      String key,
      int size,
      String requires,
      GroupFollowUp<T, U> call,
      OutcomeLog log) {
    int index = -1;
    for (int i = 0; i < thens.size(); i++) {
      if (thens.get(i).log().step().equals(requires)) {
        index = i;
      }
    }
    if (index < 0) {
      throw new IllegalArgumentException("No follow-up to step " + requires + " to wait for");
    }
    PerGroup<T, U> perGroup = new PerGroup<>(target, schema, key, size, index, call, log);
    return new ModelCalls<>(
        this.schema, ownTargets(), route, this.call, this.log, thens, perGroup, limit);
  }

  /** The column the work is partitioned by: the group key, else the work id. */
  public String partitionColumn() {
    return group == null ? WORK_ID : group.key();
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
    if (group != null) {
      out.putIfAbsent(group.target().name(), group.log().step());
    }
    own.forEach(out::remove);
    return out;
  }

  /**
   * Whether this function's own calls go through the batch API (config validation makes a step's
   * endpoints all batch or all online).
   */
  public boolean batchMode() {
    return ownTargets().stream().anyMatch(t -> t.config().batchMode());
  }

  /**
   * The same calls without the follow-ups a batch cannot fuse: all of them when this function's own
   * calls are batched (the later steps then run on their own), else those to endpoints in batch
   * mode; a group follow-up goes with any of them (it waits for one).
   */
  public ModelCalls<T> withoutBatchFollowUps() {
    boolean batch = batchMode();
    List<Then<T, ?>> kept =
        thens.stream().filter(t -> !batch && !t.target().config().batchMode()).toList();
    boolean keepGroup =
        group != null
            && kept.size() == thens.size()
            && !batch
            && !group.target().config().batchMode();
    return kept.size() == thens.size() && (group == null || keepGroup)
        ? this
        : new ModelCalls<>(
            schema, ownTargets(), route, call, log, kept, keepGroup ? group : null, limit);
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
    CallLogs logs = openLogs(task);
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
    return Iterators.failFirstAttemptWhenAsked(
        logs == null ? rows : Iterators.onEnd(rows, logs::close), CHAOS_FAIL_FIRST_ATTEMPT);
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
    List<Target> later = new ArrayList<>();
    thens.forEach(t -> later.add(t.target()));
    if (group != null) {
      later.add(group.target());
    }
    int more =
        later.stream()
            .filter(t -> counted.add(t.name()))
            .mapToInt(t -> t.config().maxConcurrency())
            .sum();
    return mine + FOLLOW_UP_ROOM * more;
  }

  /**
   * A work item's outcomes: to the breaker and the log, then their follow-ups started; with a group
   * follow-up, the item settles in its group once its follow-ups ended.
   */
  private CompletableFuture<List<Row>> settle(
      Row work,
      String id,
      Target target,
      List<Outcome<T>> outcomes,
      Clients clients,
      CallLogs logs) {
    List<Row> rows = new ArrayList<>(outcomes.size());
    List<CompletableFuture<Boolean>> followUps = new ArrayList<>();
    List<CompletableFuture<Optional<T>>> members = new ArrayList<>();
    for (Outcome<T> outcome : outcomes) {
      breaker(launch(), target, outcome);
      Row row = Outcomes.toRow(id, outcome, schema);
      rows.add(row);
      if (logs != null) {
        logs.own(row);
        // a follow-up not started for the budget is left to its own step on the next run
        if (outcome instanceof Outcome.Ok<T> ok && !logs.stopped()) {
          List<CompletableFuture<Boolean>> mine = new ArrayList<>();
          for (int i = 0; i < thens.size(); i++) {
            mine.add(followUp(thens.get(i), i, work, ok.value(), clients, logs, launch()));
          }
          followUps.addAll(mine);
          if (group != null) {
            members.add(
                mine.get(group.requires())
                    .thenApply(done -> done ? Optional.of(ok.value()) : Optional.empty()));
          }
        }
      }
    }
    CompletableFuture<Void> all =
        CompletableFuture.allOf(followUps.toArray(CompletableFuture[]::new));
    if (group == null || logs == null) {
      return all.thenApply(v -> rows);
    }
    return all.thenCompose(
            v ->
                logs.<T>groups()
                    .settled(
                        group,
                        work,
                        members.stream()
                            .map(CompletableFuture::join)
                            .flatMap(Optional::stream)
                            .toList(),
                        clients,
                        logs,
                        launch()))
        .thenApply(v -> rows);
  }

  /** Whether a follow-up's outcome was a success, once it is logged. */
  private static <T, U extends Record> CompletableFuture<Boolean> followUp(
      Then<T, U> then,
      int index,
      Row work,
      T value,
      Clients clients,
      CallLogs logs,
      String launch) {
    return CompletableFuture.supplyAsync(
            () -> {
              EndpointBreaker.check(launch, then.target().name());
              return then.call().apply(work, value, clients);
            },
            FOLLOW_UPS)
        .thenCompose(f -> f)
        .thenApply(
            outcome -> {
              breaker(launch, then.target(), outcome);
              logs.followUp(index, Outcomes.toRow(then.workId().of(value), outcome, then.schema()));
              return outcome instanceof Outcome.Ok<U>;
            });
  }

  /** The task's log writers, closed when the task ends; null when these calls are not logged. */
  private CallLogs openLogs(TaskContext task) {
    if (log == null) {
      return null;
    }
    List<OutcomeLog.Writer> followUps = new ArrayList<>();
    for (Then<?, ?> then : thens) {
      followUps.add(then.log().writer(Outcomes.schema(then.schema()), task));
    }
    CallLogs logs =
        new CallLogs(
            log,
            limit,
            targets.values(),
            log.writer(Outcomes.schema(schema), task),
            followUps,
            group == null ? null : group.log().writer(Outcomes.schema(group.schema()), task));
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) context -> logs.close());
    }
    return logs;
  }

  /** The Spark job these calls belong to (the breaker's scope). */
  private String launch() {
    return log == null ? "unlogged" : log.launch();
  }

  static void breaker(String launch, Target target, Outcome<?> outcome) {
    if (outcome instanceof Outcome.Failed<?> failed) {
      EndpointBreaker.failure(launch, target.name(), failed.failure(), target.breakerThreshold());
    } else {
      EndpointBreaker.success(launch, target.name());
    }
  }
}
