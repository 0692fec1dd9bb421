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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
  private record PerGroup<T, U extends Record>(
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
      Row work, String id, Target target, List<Outcome<T>> outcomes, Clients clients, Logs logs) {
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
      Then<T, U> then, int index, Row work, T value, Clients clients, Logs logs, String launch) {
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

  /** A task's groups in progress: members so far and how many of their items settled. */
  private static final class Groups<T> {
    private final Map<String, Members<T>> open = new ConcurrentHashMap<>();

    private static final class Members<T> {
      final List<T> values = new ArrayList<>();
      int settled;
    }

    /**
     * Counts one work item of its group in; when it is the group's last, starts the group's calls
     * (unless the task stopped) and completes when their outcomes are logged.
     */
    <U extends Record> CompletableFuture<Void> settled(
        PerGroup<T, U> group, Row work, List<T> values, Clients clients, Logs logs, String launch) {
      String key = path(work, group.key());
      Members<T> members = open.computeIfAbsent(key, k -> new Members<>());
      List<T> whole;
      synchronized (members) {
        members.values.addAll(values);
        members.settled++;
        if (members.settled < group.size()) {
          return CompletableFuture.completedFuture(null);
        }
        whole = List.copyOf(members.values);
      }
      open.remove(key);
      if (whole.isEmpty() || logs.stopped()) {
        return CompletableFuture.completedFuture(null);
      }
      return CompletableFuture.supplyAsync(
              () -> {
                EndpointBreaker.check(launch, group.target().name());
                return group.call().apply(work, whole, clients);
              },
              FOLLOW_UPS)
          .thenCompose(
              calls ->
                  CompletableFuture.allOf(
                      calls.entrySet().stream()
                          .map(
                              c ->
                                  c.getValue()
                                      .thenAccept(
                                          outcome -> {
                                            breaker(launch, group.target(), outcome);
                                            logs.group(
                                                Outcomes.toRow(
                                                    c.getKey(), outcome, group.schema()));
                                          }))
                          .toArray(CompletableFuture[]::new)));
    }

    /** A dotted column path's string value, e.g. {@code prompt.prompt_id}. */
    private static String path(Row row, String dotted) {
      String[] parts = dotted.split("\\.");
      Row struct = row;
      for (int i = 0; i < parts.length - 1; i++) {
        struct = Rows.struct(struct, parts[i]);
      }
      return Rows.string(struct, parts[parts.length - 1]);
    }
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
    private final OutcomeLog.Writer group;
    private final Groups<?> groups = new Groups<>();

    private Logs(
        OutcomeLog log,
        SpendLimit limit,
        Collection<Target> targets,
        OutcomeLog.Writer own,
        List<OutcomeLog.Writer> followUps,
        OutcomeLog.Writer group) {
      this.log = log;
      this.limit = limit;
      this.targets = targets;
      this.own = own;
      this.followUps = followUps;
      this.group = group;
      // flushed in this order: an outcome is never committed before one it follows
      List<OutcomeLog.Writer> all = new ArrayList<>();
      all.add(own);
      all.addAll(followUps);
      if (group != null) {
        all.add(group);
      }
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
              followUps,
              calls.group == null
                  ? null
                  : calls.group.log().writer(Outcomes.schema(calls.group.schema()), task));
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

    void group(Row outcome) {
      task.append(group, outcome);
    }

    @SuppressWarnings("unchecked")
    <T> Groups<T> groups() {
      return (Groups<T>) groups;
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
