package io.sparksdg.spark.exec;

import io.sparksdg.config.PriceConfig;
import io.sparksdg.model.ChatClient;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.Completion;
import io.sparksdg.model.ModelCallException;
import io.sparksdg.model.http.BatchApi;
import io.sparksdg.records.Outcome;
import io.sparksdg.spark.tables.Outcomes;
import io.sparksdg.spark.tables.Rows;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The executor functions of a model step in batch mode. The step's own {@link ModelCalls.Call} runs
 * twice per work item, with stand-in chat clients: once to record the request it makes (a line of
 * the partition's batch file, {@code custom_id} = the work id), and once the batch is done to
 * replay the line's answer (or failure) into it, so the records, ids and failures are built by the
 * same code as online and land in the same outcome log.
 */
public final class BatchCalls {

  /** Columns the replay reads besides the work item's own. */
  public static final String LINE = "_batch_line";

  public static final String BATCH_ID = "_batch_id";
  public static final String BATCH_STATUS = "_batch_status";
  public static final String SUBMISSION = "_batch_submission";

  /** What {@link Requests} returns per file it wrote. */
  public static final StructType FILES =
      new StructType()
          .add("endpoint", DataTypes.StringType, false)
          .add("partition", DataTypes.IntegerType, false)
          .add("path", DataTypes.StringType, false)
          .add("ids", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("cost_usd", DataTypes.DoubleType, false);

  /** What {@link Lines} returns per output or error line. */
  public static final StructType LINES =
      new StructType()
          .add("custom_id", DataTypes.StringType, true)
          .add(LINE, DataTypes.StringType, false)
          .add("resubmit", DataTypes.BooleanType, false);

  private BatchCalls() {}

  /**
   * Work items to batch files, one per endpoint in each partition, named {@code
   * <prefix>-<endpoint>-p<partition>.jsonl} under {@code dir}; one {@link #FILES} row per file.
   */
  public static final class Requests implements MapPartitionsFunction<Row, Row> {
    private final ModelCalls<?> calls;
    private final String dir;
    private final String prefix;
    private final SerializableConfiguration hadoop;

    public Requests(ModelCalls<?> calls, String dir, String prefix, Configuration hadoop) {
      this.calls = calls;
      this.dir = dir;
      this.prefix = prefix;
      this.hadoop = new SerializableConfiguration(hadoop);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> work) {
      return record(calls, work);
    }

    private <T extends Record> Iterator<Row> record(ModelCalls<T> calls, Iterator<Row> work) {
      OutcomeLog.Writer writer = null;
      OutcomeLog.TaskLogs logs = null;
      Map<String, StringBuilder> lines = new LinkedHashMap<>();
      Map<String, List<String>> ids = new HashMap<>();
      Map<String, Double> cost = new HashMap<>();
      Map<String, Target> targets = targets(calls);
      while (work.hasNext()) {
        Row row = work.next();
        String id = Rows.string(row, ModelCalls.WORK_ID);
        Target target = calls.targetOf(row);
        Recorder recorder = new Recorder(target);
        CompletableFuture<List<Outcome<T>>> answered =
            calls.call().apply(row, new Clients(targets, Map.of(target.name(), recorder)));
        if (recorder.requests.isEmpty() && answered.isDone()) {
          // settled without a model call (invalid input): its outcome is final already
          if (logs == null) {
            writer = calls.log().writer(Outcomes.schema(calls.schema()), TaskContext.get());
            logs = new OutcomeLog.TaskLogs(calls.log(), List.of(writer));
          }
          for (Outcome<T> outcome : answered.join()) {
            logs.append(writer, Outcomes.toRow(id, outcome, calls.schema()));
          }
          continue;
        }
        if (recorder.requests.size() != 1) {
          throw new IllegalStateException(
              "Step "
                  + calls.log().step()
                  + " made "
                  + recorder.requests.size()
                  + " calls at once for one work item; batch mode takes steps with one call per"
                  + " work item: set endpoints."
                  + target.name()
                  + ".mode to online");
        }
        String line = BatchApi.requestLine(id, recorder.requests.get(0), target.config());
        lines.computeIfAbsent(target.name(), n -> new StringBuilder()).append(line).append('\n');
        ids.computeIfAbsent(target.name(), n -> new ArrayList<>()).add(id);
        PriceConfig price = target.config().callPrice();
        cost.merge(
            target.name(),
            price.cost(line.length() / 4, target.config().plannedOutputTokens()),
            Double::sum);
      }
      if (logs != null) {
        logs.close();
      }
      return requestFiles(lines, ids, cost).iterator();
    }

    /** One request file per endpoint of this task's lines, as a row naming it. */
    private List<Row> requestFiles(
        Map<String, StringBuilder> lines, Map<String, List<String>> ids, Map<String, Double> cost) {
      TaskContext task = TaskContext.get();
      int partition = task == null ? 0 : task.partitionId();
      List<Row> out = new ArrayList<>();
      for (Map.Entry<String, StringBuilder> e : lines.entrySet()) {
        String name =
            String.format(Locale.ROOT, "%s-%s-p%05d.jsonl", prefix, e.getKey(), partition);
        Path path = new Path(dir, name);
        write(path, e.getValue().toString(), hadoop.value());
        out.add(
            RowFactory.create(
                e.getKey(),
                partition,
                path.toString(),
                ids.get(e.getKey()).toArray(String[]::new),
                cost.get(e.getKey())));
      }
      return out;
    }
  }

  /**
   * Writes {@code text} to {@code path} whole or not at all: under {@code _tmp} first, then renamed
   * over whatever an earlier attempt left.
   */
  public static void write(Path path, String text, Configuration hadoop) {
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      Path tmp =
          new Path(new Path(path.getParent(), "_tmp"), path.getName() + "." + System.nanoTime());
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
      if (fs.exists(path)) {
        fs.delete(path, false);
      }
      if (!fs.rename(tmp, path)) {
        throw new IOException("rename of " + tmp + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  /** A line of an output or error file {@code (value)} to a {@link #LINES} row. */
  public static final class Lines implements MapFunction<Row, Row> {
    @Override
    public Row call(Row row) {
      String line = row.getString(0);
      return RowFactory.create(BatchApi.customId(line), line, BatchApi.resubmit(line));
    }
  }

  /**
   * Work items with their batch line ({@link #LINE}, null when the batch returned none), {@link
   * #BATCH_ID}, {@link #BATCH_STATUS} and {@link #SUBMISSION} to outcome rows, each committed to
   * the step's outcome log; the endpoints' token counts go to their accumulators.
   */
  public static final class Replies implements MapPartitionsFunction<Row, Row> {
    private final ModelCalls<?> calls;

    public Replies(ModelCalls<?> calls) {
      this.calls = calls;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      return replay(calls, rows);
    }

    private static <T extends Record> Iterator<Row> replay(
        ModelCalls<T> calls, Iterator<Row> rows) {
      TaskContext task = TaskContext.get();
      OutcomeLog.Writer writer = calls.log().writer(Outcomes.schema(calls.schema()), task);
      OutcomeLog.TaskLogs logs = new OutcomeLog.TaskLogs(calls.log(), List.of(writer));
      Map<String, EndpointMetrics.Totals> totals = new HashMap<>();
      Map<String, Target> targets = targets(calls);
      Runnable end =
          () -> {
            logs.close();
            synchronized (totals) {
              totals.forEach(
                  (name, t) -> {
                    EndpointMetrics metrics = targets.get(name).metrics();
                    if (metrics != null) {
                      metrics.add(t);
                    }
                  });
              totals.clear();
            }
          };
      if (task != null) {
        task.addTaskCompletionListener((TaskCompletionListener) context -> end.run());
      }
      Iterator<List<Row>> out =
          Iterators.map(
              rows,
              row -> {
                String id = Rows.string(row, ModelCalls.WORK_ID);
                Target target = calls.targetOf(row);
                BatchApi.Result result = result(row, id, target);
                count(totals, target.name(), result);
                Replayer replayer = new Replayer(target, result);
                List<Outcome<T>> outcomes =
                    calls
                        .call()
                        .apply(row, new Clients(targets, Map.of(target.name(), replayer)))
                        .join();
                List<Row> outcomeRows = new ArrayList<>(outcomes.size());
                for (Outcome<T> outcome : outcomes) {
                  Row outcomeRow = Outcomes.toRow(id, outcome, calls.schema());
                  logs.append(writer, outcomeRow);
                  outcomeRows.add(outcomeRow);
                }
                return outcomeRows;
              });
      return Iterators.onEnd(Iterators.flatten(out), end);
    }

    private static BatchApi.Result result(Row row, String id, Target target) {
      String batchId = Rows.string(row, BATCH_ID);
      if (Rows.isNull(row, LINE)) {
        return new BatchApi.Result(
            id, null, BatchApi.missing(target.name(), batchId, Rows.string(row, BATCH_STATUS)));
      }
      return BatchApi.result(
          target.name(),
          target.config().model(),
          Rows.string(row, LINE),
          batchId,
          Rows.intValue(row, SUBMISSION));
    }

    private static void count(
        Map<String, EndpointMetrics.Totals> totals, String endpoint, BatchApi.Result result) {
      synchronized (totals) {
        EndpointMetrics.Totals t =
            totals.computeIfAbsent(endpoint, n -> new EndpointMetrics.Totals());
        t.attempts++;
        if (result.completion() != null) {
          t.successes++;
          t.promptTokens += result.completion().usage().promptTokens();
          t.completionTokens += result.completion().usage().completionTokens();
        } else {
          t.failures++;
          t.failuresByClass.merge(result.failure().errorClass().label(), 1L, Long::sum);
        }
      }
    }
  }

  private static Map<String, Target> targets(ModelCalls<?> calls) {
    Map<String, Target> byName = new LinkedHashMap<>();
    calls.targets().forEach(t -> byName.put(t.name(), t));
    return byName;
  }

  /** A chat client that keeps the requests it is given and never answers them. */
  private static final class Recorder implements ChatClient, Serializable {
    private final Target target;
    private final List<ChatRequest> requests = new ArrayList<>();

    Recorder(Target target) {
      this.target = target;
    }

    @Override
    public CompletableFuture<Completion> complete(ChatRequest request) {
      requests.add(request);
      return new CompletableFuture<>();
    }

    @Override
    public PriceConfig price() {
      return target.config().callPrice();
    }
  }

  /** A chat client that answers its one request with a batch line's result. */
  private static final class Replayer implements ChatClient {
    private final Target target;
    private final BatchApi.Result result;
    private boolean used;

    Replayer(Target target, BatchApi.Result result) {
      this.target = target;
      this.result = result;
    }

    @Override
    public synchronized CompletableFuture<Completion> complete(ChatRequest request) {
      if (used) {
        throw new IllegalStateException(
            "A batch-mode step asked endpoint '"
                + target.name()
                + "' twice for one work item; set its mode to online");
      }
      used = true;
      ModelCallException failure = result.failure();
      return failure == null
          ? CompletableFuture.completedFuture(result.completion())
          : CompletableFuture.failedFuture(failure);
    }

    @Override
    public PriceConfig price() {
      return target.config().callPrice();
    }
  }
}
