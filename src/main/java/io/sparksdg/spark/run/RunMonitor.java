package io.sparksdg.spark.run;

import io.sparksdg.config.PriceConfig;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.model.Usage;
import io.sparksdg.model.http.EndpointCounters;
import io.sparksdg.model.http.HttpModelClients;
import io.sparksdg.ops.CostLedger;
import io.sparksdg.ops.Progress;
import io.sparksdg.spark.exec.EndpointMetrics;
import io.sparksdg.spark.tables.Outcomes;
import io.sparksdg.spark.tables.Tables;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Watches a run from the driver: progress of the model-calling stage that runs, token usage per
 * stage priced by the config, and {@code run.max-budget}.
 *
 * <p>Work items finished are counted by an accumulator per stage, fed by the executor function as
 * outcomes come out; Spark merges it when a task ends, and executors' heartbeats carry the counts
 * of running tasks, which a listener keeps until the task ends. Endpoint counters come from the
 * {@link EndpointMetrics} accumulators (merged when tasks end), or live from this JVM's clients in
 * local mode, where the driver is the executor. A thread writes a progress line every {@code
 * run.progress-interval}, or keeps one line up to date every second when stderr is a terminal.
 */
public final class RunMonitor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("io.sparksdg.Progress");

  private final SparkSession spark;
  private final SdgConfig config;
  private final Map<String, EndpointMetrics> metrics;
  private final CostLedger ledger;
  private final RunningTasks running = new RunningTasks();
  private final ScheduledExecutorService ticker;
  private final boolean terminal;
  private final PrintStream console;
  private final Map<String, EndpointCounters> localBaseline;
  private volatile Step step;
  private final RunBudget budget;

  /**
   * @param metrics the run's endpoint accumulators, by endpoint; read, never changed
   * @param terminal keep one line up to date on {@code console} instead of logging lines
   */
  public RunMonitor(
      SparkSession spark,
      SdgConfig config,
      Map<String, EndpointMetrics> metrics,
      boolean terminal,
      PrintStream console) {
    this.spark = spark;
    this.config = config;
    this.metrics = metrics;
    this.terminal = terminal;
    this.console = console;
    Map<String, String> models = new HashMap<>();
    Map<String, PriceConfig> prices = new HashMap<>();
    config
        .endpoints()
        .forEach(
            (name, e) -> {
              models.put(name, e.model());
              prices.put(name, e.callPrice());
            });
    this.ledger = new CostLedger(models, prices);
    this.localBaseline = spark.sparkContext().isLocal() ? HttpModelClients.counters() : Map.of();
    spark.sparkContext().addSparkListener(running);
    long periodMs = terminal ? 1000 : config.run().progressInterval().toMillis();
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sdg-progress");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleAtFixedRate(this::tick, periodMs, periodMs, TimeUnit.MILLISECONDS);
    this.budget = new RunBudget(config.run().maxBudget(), this::liveSpentUsd, ticker, this::log);
  }

  /** Whether stderr looks like a terminal a person watches. */
  public static boolean stderrIsTerminal() {
    String term = System.getenv("TERM");
    return System.console() != null && term != null && !term.equals("dumb");
  }

  public CostLedger ledger() {
    return ledger;
  }

  public boolean budgetSpent() {
    return budget.spent();
  }

  /** Dollars spent so far by this run: every endpoint's tokens at its price. */
  double spentUsd() {
    double spent = 0;
    for (Map.Entry<String, EndpointMetrics> e : new ArrayList<>(metrics.entrySet())) {
      EndpointMetrics.Totals t = e.getValue().value();
      spent += ledger.cost(e.getKey(), new Usage(t.promptTokens, t.completionTokens));
    }
    return spent;
  }

  /**
   * A model-calling stage starts: {@code total} work items, {@code doneAtStart} of them done;
   * {@code elsewhere} names the endpoints whose calls it makes for another step (follow-ups), by
   * that step's table, whose usage is charged to it.
   */
  Step start(String table, long total, long doneAtStart, Map<String, String> elsewhere) {
    Step s = new Step(table, total, doneAtStart, elsewhere);
    step = s;
    return s;
  }

  /**
   * Dollars spent so far, as live as this driver can see: in local mode this JVM's clients are the
   * executors' and are read directly; on a cluster, the counts merged from finished tasks.
   */
  double liveSpentUsd() {
    if (!spark.sparkContext().isLocal()) {
      return spentUsd();
    }
    double spent = 0;
    for (Map.Entry<String, EndpointCounters> e : HttpModelClients.counters().entrySet()) {
      if (!metrics.containsKey(e.getKey())) {
        continue;
      }
      EndpointCounters now = e.getValue();
      EndpointCounters before = localBaseline.get(e.getKey());
      spent +=
          ledger.cost(
              e.getKey(),
              new Usage(
                  now.promptTokens() - (before == null ? 0 : before.promptTokens()),
                  now.completionTokens() - (before == null ? 0 : before.completionTokens())));
    }
    return spent;
  }

  /** The run's {@code run.max-budget}: checks, the watch while a step runs, the stop. */
  RunBudget budget() {
    return budget;
  }

  private void tick() {
    Step s = step;
    if (s == null) {
      return;
    }
    try {
      show(s.progress());
    } catch (RuntimeException e) { // counters merged concurrently; the next tick tries again
      LOG.debug("Progress skipped: {}", e.toString());
    }
  }

  private synchronized void show(Progress p) {
    if (terminal) {
      console.print("\r\033[K" + p.line());
      console.flush();
    } else {
      LOG.info("{}", p.line());
    }
  }

  /** Logs a line, first clearing the progress line on a terminal. */
  private synchronized void log(String format, Object... args) {
    if (terminal) {
      console.print("\r\033[K");
      console.flush();
    }
    LOG.info(format, args);
  }

  /** The endpoints whose activity grew between two readings of {@link #activity()}. */
  static Set<String> activeSince(Map<String, Long> before, Map<String, Long> now) {
    Set<String> active = new HashSet<>();
    now.forEach(
        (name, n) -> {
          if (n > before.getOrDefault(name, 0L)) {
            active.add(name);
          }
        });
    return active;
  }

  /** A number that grows with every call an endpoint answers or fails, to see which are in use. */
  private Map<String, Long> activity() {
    Map<String, Long> out = new HashMap<>();
    Map<String, EndpointCounters> live =
        spark.sparkContext().isLocal() ? HttpModelClients.counters() : Map.of();
    for (Map.Entry<String, EndpointMetrics> e : new ArrayList<>(metrics.entrySet())) {
      EndpointCounters now = live.get(e.getKey());
      EndpointMetrics.Totals t = e.getValue().value();
      out.put(
          e.getKey(),
          now != null
              ? now.attempts() + now.inFlight()
              : t.promptTokens + t.completionTokens + t.retries + t.failures);
    }
    return out;
  }

  /**
   * The endpoints of the running stage: those called since it started (the others' figures belong
   * to earlier stages), in the order they were configured.
   */
  private List<Progress.EndpointProgress> endpoints(Map<String, Long> activityAtStart) {
    List<Progress.EndpointProgress> out = new ArrayList<>();
    Map<String, EndpointCounters> live =
        spark.sparkContext().isLocal() ? HttpModelClients.counters() : Map.of();
    Set<String> active = activeSince(activityAtStart, activity());
    for (Map.Entry<String, EndpointMetrics> e : new ArrayList<>(metrics.entrySet())) {
      String name = e.getKey();
      if (!active.contains(name)) {
        continue;
      }
      EndpointCounters now = live.get(name);
      if (now != null) {
        EndpointCounters before = localBaseline.get(name);
        out.add(
            new Progress.EndpointProgress(
                name,
                now.currentLimit(),
                now.inFlight(),
                now.retries() - (before == null ? 0 : before.retries()),
                now.failures() - (before == null ? 0 : before.failures())));
      } else {
        EndpointMetrics.Totals t = e.getValue().value();
        out.add(new Progress.EndpointProgress(name, t.limit(), -1, t.retries, t.failures));
      }
    }
    return out;
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    spark.sparkContext().removeSparkListener(running);
  }

  /** One model-calling stage while it runs. */
  final class Step implements AutoCloseable {
    private final String table;
    private final String stage;
    private final long total;
    private final long doneAtStart;
    private final long startNanos = System.nanoTime();
    private final LongAccumulator done;
    private final LongAccumulator failed;
    private final Map<String, Usage> usageAtStart = new HashMap<>();
    private final Map<String, Long> activityAtStart;

    private final Map<String, String> elsewhere;

    private Step(String table, long total, long doneAtStart, Map<String, String> elsewhere) {
      this.elsewhere = Map.copyOf(elsewhere);
      this.table = table;
      this.stage = stageName(table);
      this.total = total;
      this.doneAtStart = doneAtStart;
      this.done = spark.sparkContext().longAccumulator("sdg done " + table);
      this.failed = spark.sparkContext().longAccumulator("sdg failed " + table);
      running.watch(done.id(), failed.id());
      metrics.forEach((name, m) -> usageAtStart.put(name, usage(m)));
      this.activityAtStart = activity();
    }

    /** The executor function, counting the work items it finishes. */
    MapPartitionsFunction<Row, Row> counted(MapPartitionsFunction<Row, Row> call) {
      return new Counted(call, done, failed);
    }

    /** Work items done: earlier runs', committed batches' and running tasks'. */
    long done() {
      return doneAtStart + done.value() + running.partial(done.id());
    }

    Progress progress() {
      return new Progress(
          stage,
          done(),
          total,
          doneAtStart,
          (System.nanoTime() - startNanos) / 1e9,
          failed.value() + running.partial(failed.id()),
          ledger.priced() ? spentUsd() : Double.NaN,
          endpoints(activityAtStart));
    }

    /**
     * Logs a line of this stage, first clearing the progress line on a terminal; the stage is named
     * without the request hash its table name may carry.
     */
    void log(String format, Object... args) {
      Object[] named = args.clone();
      for (int i = 0; i < named.length; i++) {
        if (table.equals(named[i])) {
          named[i] = stage;
        }
      }
      RunMonitor.this.log(format, named);
    }

    /** The stage ended (or stopped): its token usage goes to the ledger by endpoint. */
    @Override
    public void close() {
      step = null;
      metrics.forEach(
          (name, m) -> {
            Usage now = usage(m);
            Usage before = usageAtStart.getOrDefault(name, Usage.NONE);
            ledger.add(
                elsewhere.containsKey(name) ? stageName(elsewhere.get(name)) : stage,
                name,
                new Usage(
                    now.promptTokens() - before.promptTokens(),
                    now.completionTokens() - before.completionTokens()));
          });
      running.unwatch(done.id(), failed.id());
      if (terminal) {
        synchronized (RunMonitor.this) {
          console.print("\r\033[K");
          console.flush();
        }
      }
    }
  }

  /** A step's name without the request hash a prompt family's step carries. */
  static String stageName(String table) {
    return table.replaceFirst("-[0-9a-f]{8}$", "");
  }

  private static Usage usage(EndpointMetrics m) {
    EndpointMetrics.Totals t = m.value();
    return new Usage(t.promptTokens, t.completionTokens);
  }

  /** Cost of each endpoint's usage in this run, for {@code _metrics.json}. */
  public Map<String, Double> endpointCosts() {
    Map<String, Double> out = new LinkedHashMap<>();
    metrics.forEach((name, m) -> out.put(name, CostLedger.usd(ledger.cost(name, usage(m)))));
    return out;
  }

  /**
   * An executor function that counts, per partition, the distinct work items it returned outcomes
   * for, and those that failed.
   */
  static final class Counted implements MapPartitionsFunction<Row, Row> {
    // The outcome rows the executor functions return carry no schema; their columns are those of
    // the outcome schema, whose work_id, ok and failure do not move with the record type.
    private static final StructType OUTCOME = Outcomes.schema(Tables.FAILURE);
    private static final int WORK_ID = OUTCOME.fieldIndex(ModelStep.WORK_ID);
    private static final int OK = OUTCOME.fieldIndex("ok");
    private static final int FAILURE = OUTCOME.fieldIndex("failure");

    private final MapPartitionsFunction<Row, Row> call;
    private final LongAccumulator done;
    private final LongAccumulator failed;

    Counted(MapPartitionsFunction<Row, Row> call, LongAccumulator done, LongAccumulator failed) {
      this.call = call;
      this.done = done;
      this.failed = failed;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) throws Exception {
      Iterator<Row> outcomes = call.call(input);
      Set<String> seen = new HashSet<>();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return outcomes.hasNext();
        }

        @Override
        public Row next() {
          Row row = outcomes.next();
          if (seen.add(row.getString(WORK_ID))) {
            done.add(1);
          }
          if (row.isNullAt(OK) && !row.isNullAt(FAILURE)) {
            failed.add(1);
          }
          return row;
        }
      };
    }
  }

  /**
   * The values of watched accumulators in tasks still running, from executors' heartbeats;
   * forgotten when the task ends (its value is then merged into the accumulator, or dropped).
   */
  static final class RunningTasks extends SparkListener {
    private final Set<Long> watched = ConcurrentHashMap.newKeySet();
    private final ConcurrentMap<Long, Map<Long, Long>> byTask = new ConcurrentHashMap<>();

    void watch(long... ids) {
      for (long id : ids) {
        watched.add(id);
      }
    }

    void unwatch(long... ids) {
      for (long id : ids) {
        watched.remove(id);
      }
      byTask.clear();
    }

    long partial(long id) {
      long sum = 0;
      for (Map<Long, Long> values : byTask.values()) {
        sum += values.getOrDefault(id, 0L);
      }
      return sum;
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
      for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> task :
          CollectionConverters.asJava(update.accumUpdates())) {
        Map<Long, Long> values = new HashMap<>();
        for (AccumulableInfo info : CollectionConverters.asJava(task._4())) {
          if (watched.contains(info.id())
              && info.update().isDefined()
              && info.update().get() instanceof Long value) {
            values.put(info.id(), value);
          }
        }
        if (!values.isEmpty()) {
          byTask.put((Long) task._1(), values);
        }
      }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      byTask.remove(end.taskInfo().taskId());
    }
  }
}
