package io.sparksdg.spark.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The durable record of a model-calling step's finished calls: every outcome a task gets is
 * appended to a task-local buffer and committed as a small immutable JSON-lines file every {@code
 * flushMillis} or {@code flushOutcomes} outcomes, whichever comes first, and when the task ends
 * (also when it fails or is killed). A file is written under {@code log/_tmp/} and renamed into
 * {@code log/}, so a committed file is complete or absent; on object stores, where a file appears
 * whole when it is closed, it is written in place. Names carry the launch, partition, stage and
 * task attempt and a sequence, so attempts never collide: {@code
 * <launch>-p00003-s0-a1-000007.jsonl}.
 *
 * <p>Built on the driver (it holds only settings and a copy of the Hadoop configuration); its
 * writers live in tasks. A killed executor or driver loses the calls in flight and at most one
 * flush interval of outcomes.
 */
public final class OutcomeLog implements Serializable {

  /** The folder of committed files, under the step's staging folder. */
  public static final String FILES = "log";

  private static final Set<String> WHOLE_ON_CLOSE =
      Set.of("s3", "s3a", "s3n", "gs", "abfs", "abfss", "wasb", "wasbs", "oss", "cos");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String dir;
  private final String launch;
  private final long flushMillis;
  private final int flushOutcomes;
  private final SerializableConfiguration hadoop;

  /**
   * @param dir the step's staging folder; files go to {@code dir/log}
   * @param launch unique per launch of the step's Spark job (part of every file name)
   */
  public OutcomeLog(
      String dir, String launch, long flushMillis, int flushOutcomes, Configuration hadoop) {
    if (flushMillis < 1 || flushOutcomes < 1) {
      throw new IllegalArgumentException("flush interval and flush size must be positive");
    }
    this.dir = dir;
    this.launch = launch;
    this.flushMillis = flushMillis;
    this.flushOutcomes = flushOutcomes;
    this.hadoop = new SerializableConfiguration(hadoop);
  }

  /** The step this log belongs to: the name of its staging folder (the step's table). */
  public String step() {
    return new Path(dir).getName();
  }

  /** The launch of the step's Spark job this log belongs to. */
  public String launch() {
    return launch;
  }

  public Path files() {
    return new Path(dir, FILES);
  }

  /** The committed files under {@code dir/log}, oldest name first; none when there is no log. */
  public static List<Path> committed(Path files, Configuration hadoop) {
    try {
      FileSystem fs = files.getFileSystem(hadoop);
      if (!fs.exists(files)) {
        return List.of();
      }
      List<Path> out = new ArrayList<>();
      for (FileStatus s : fs.listStatus(files, p -> p.getName().endsWith(".jsonl"))) {
        out.add(s.getPath());
      }
      out.sort(null);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the outcome log " + files + ": " + e, e);
    }
  }

  /**
   * Removes what a killed run left half-written under {@code dir/log/_tmp}, and a stop signal an
   * earlier run left.
   */
  public static void discardUncommitted(Path files, Configuration hadoop) {
    try {
      FileSystem fs = files.getFileSystem(hadoop);
      for (Path leftover : List.of(new Path(files, "_tmp"), new Path(files, STOP))) {
        if (fs.exists(leftover)) {
          fs.delete(leftover, true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clean " + files + ": " + e, e);
    }
  }

  /**
   * Asks every task writing to {@code files} to start no new call: they finish the calls in flight,
   * commit them and end normally, within about a second ({@link #STOP_CHECK_MILLIS}). Works on a
   * cluster: tasks poll for the signal file through the Hadoop FileSystem.
   */
  public static void signalStop(Path files, Configuration hadoop) {
    try {
      Path stop = new Path(files, STOP);
      stop.getFileSystem(hadoop).create(stop, true).close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot signal the tasks of " + files + " to stop: " + e, e);
    }
  }

  /** The name of the stop signal under {@code dir/log}. */
  static final String STOP = "_STOP";

  /** How often a task looks for the stop signal. */
  static final long STOP_CHECK_MILLIS = 500;

  /** Whether the driver asked this log's tasks to stop. */
  boolean stopSignalled() {
    try {
      Path stop = new Path(files(), STOP);
      return stop.getFileSystem(hadoop.value()).exists(stop);
    } catch (IOException e) {
      return false; // looked for again in a moment
    }
  }

  /**
   * The work ids this task's partition already committed in an earlier attempt of the same launch
   * (a retried task), so the retry does not pay for them again.
   */
  Set<String> committedByEarlierAttempts(TaskContext task) {
    Set<String> ids = new HashSet<>();
    if (task == null || (task.attemptNumber() == 0 && task.stageAttemptNumber() == 0)) {
      return ids;
    }
    String prefix = launch + "-" + partitionTag(task.partitionId()) + "-";
    Configuration conf = hadoop.value();
    for (Path file : committed(files(), conf)) {
      if (!file.getName().startsWith(prefix)) {
        continue;
      }
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(file.getFileSystem(conf).open(file), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          JsonNode id = JSON.readTree(line).get(ModelCalls.WORK_ID);
          if (id != null && id.isTextual()) {
            ids.add(id.asText());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the outcome log " + file + ": " + e, e);
      }
    }
    return ids;
  }

  private static String partitionTag(int partition) {
    return String.format(Locale.ROOT, "p%05d", partition);
  }

  /** A task's writer of outcome rows with {@code schema} (the step's outcome schema). */
  Writer writer(StructType schema, TaskContext task) {
    String name =
        task == null
            ? launch + "-driver-" + Long.toHexString(System.nanoTime())
            : String.format(
                Locale.ROOT,
                "%s-%s-s%d-a%d",
                launch,
                partitionTag(task.partitionId()),
                task.stageAttemptNumber(),
                task.attemptNumber());
    return new Writer(schema, name);
  }

  /** One task's buffer of one log; used under its {@link TaskLogs}' lock. */
  final class Writer {
    private final StructType schema;
    private final String name;
    private final List<String> buffer = new ArrayList<>();
    private long oldestMillis;
    private int sequence;
    private long committedOutcomes;

    private Writer(StructType schema, String name) {
      this.schema = schema;
      this.name = name;
    }

    /** Buffers one outcome row; true when the buffer holds {@code flushOutcomes}. */
    boolean append(Row outcome) {
      if (buffer.isEmpty()) {
        oldestMillis = System.currentTimeMillis();
      }
      buffer.add(new GenericRowWithSchema(valuesOf(outcome), schema).json());
      return buffer.size() >= flushOutcomes;
    }

    /** Whether the oldest buffered outcome has waited a flush interval. */
    boolean due(long nowMillis) {
      return !buffer.isEmpty() && nowMillis - oldestMillis >= flushMillis;
    }

    /** Commits the buffered outcomes as one file; nothing when the buffer is empty. */
    void flush() {
      if (buffer.isEmpty()) {
        return;
      }
      String file = String.format(Locale.ROOT, "%s-%06d.jsonl", name, sequence);
      Path target = new Path(files(), file);
      try {
        FileSystem fs = target.getFileSystem(hadoop.value());
        boolean inPlace = WHOLE_ON_CLOSE.contains(fs.getScheme().toLowerCase(Locale.ROOT));
        Path written = inPlace ? target : new Path(new Path(files(), "_tmp"), file);
        try (OutputStream out = fs.create(written, false)) {
          out.write((String.join("\n", buffer) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (!inPlace && !fs.rename(written, target)) {
          throw new IOException("rename to " + target + " failed");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot commit " + buffer.size() + " outcomes to " + target + ": " + e.getMessage(), e);
      }
      committedOutcomes += buffer.size();
      buffer.clear();
      sequence++;
    }

    long committedOutcomes() {
      return committedOutcomes;
    }

    private static Object[] valuesOf(Row row) {
      Object[] values = new Object[row.length()];
      for (int i = 0; i < values.length; i++) {
        values[i] = row.get(i);
      }
      return values;
    }
  }

  /**
   * A task's writers, flushed together and in order (a follow-up's outcome is never committed
   * before the outcome it follows), every flush interval by a JVM-wide thread and when the task
   * ends.
   */
  static final class TaskLogs {
    private static final ScheduledExecutorService FLUSHER =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sdg-outcome-log");
              t.setDaemon(true);
              return t;
            });
    private static final Set<TaskLogs> OPEN = ConcurrentHashMap.newKeySet();

    static {
      FLUSHER.scheduleWithFixedDelay(TaskLogs::flushDue, 100, 100, TimeUnit.MILLISECONDS);
    }

    private final List<Writer> writers = new ArrayList<>();
    private final OutcomeLog signals;
    private volatile RuntimeException failure;
    private volatile boolean stopped;
    private long lastStopCheck;

    /**
     * Writers in the order their outcomes happen: the step's own first, then follow-ups; {@code
     * signals} is the log whose stop signal this task obeys.
     */
    TaskLogs(OutcomeLog signals, List<Writer> writers) {
      this.signals = signals;
      this.writers.addAll(writers);
      OPEN.add(this);
    }

    /** Whether the driver asked this task to start no new call. */
    boolean stopped() {
      return stopped;
    }

    /** Appends to one of the writers; rethrows a failed background commit. */
    void append(Writer writer, Row outcome) {
      RuntimeException failed = failure;
      if (failed != null) {
        throw failed;
      }
      synchronized (this) {
        if (writer.append(outcome)) {
          flushAll();
        }
      }
    }

    synchronized void flushAll() {
      for (Writer w : writers) {
        w.flush();
      }
    }

    private void flushIfDue(long now) {
      if (!stopped && now - lastStopCheck >= STOP_CHECK_MILLIS) {
        lastStopCheck = now;
        stopped = signals.stopSignalled();
      }
      synchronized (this) {
        if (writers.stream().anyMatch(w -> w.due(now))) {
          flushAll();
        }
      }
    }

    /** Commits what is buffered and stops the timer for this task. */
    void close() {
      OPEN.remove(this);
      flushAll();
    }

    private static void flushDue() {
      long now = System.currentTimeMillis();
      for (TaskLogs logs : OPEN) {
        try {
          logs.flushIfDue(now);
        } catch (RuntimeException e) {
          logs.failure = e;
        }
      }
    }
  }
}
