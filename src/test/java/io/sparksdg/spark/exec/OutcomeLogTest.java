package io.sparksdg.spark.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparksdg.records.FailureRecord;
import io.sparksdg.records.Outcome;
import io.sparksdg.spark.tables.Outcomes;
import io.sparksdg.spark.tables.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task's outcome log on the local filesystem: what is committed when, and nothing half. */
class OutcomeLogTest {

  private static final StructType SCHEMA = Outcomes.schema(Tables.FAILURE);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private OutcomeLog log(long flushMillis, int flushOutcomes) {
    return new OutcomeLog(
        dir.resolve("responses").toUri().toString(),
        "launch01",
        flushMillis,
        flushOutcomes,
        new Configuration());
  }

  private static Row failed(String workId) {
    FailureRecord failure =
        new FailureRecord(
            "r-" + workId, "p-1", "responses", "server_error", 503, 3, "Service unavailable", null);
    return Outcomes.toRow(workId, new Outcome.Failed<FailureRecord>(failure), Tables.FAILURE);
  }

  private List<Path> committed() throws Exception {
    Path files = dir.resolve("responses").resolve(OutcomeLog.FILES);
    if (!Files.isDirectory(files)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(files)) {
      return s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
    }
  }

  private List<String> workIds() throws Exception {
    List<String> ids = new ArrayList<>();
    for (Path file : committed()) {
      for (String line : Files.readAllLines(file)) {
        ids.add(JSON.readTree(line).get("work_id").asText());
      }
    }
    return ids;
  }

  @Test
  void commitsAFileEveryFlushSizeAndTheRestWhenTheTaskEnds() throws Exception {
    OutcomeLog log = log(600_000, 2);
    OutcomeLog.Writer writer = log.writer(SCHEMA, null);
    OutcomeLog.TaskLogs task = new OutcomeLog.TaskLogs(log, List.of(writer));
    for (String id : List.of("w1", "w2", "w3", "w4", "w5")) {
      task.append(writer, failed(id));
    }
    assertThat(committed()).hasSize(2);
    assertThat(workIds()).containsExactly("w1", "w2", "w3", "w4");

    task.close();
    assertThat(committed()).hasSize(3);
    assertThat(workIds()).containsExactly("w1", "w2", "w3", "w4", "w5");
    assertThat(writer.committedOutcomes()).isEqualTo(5);
    // written aside and renamed: nothing is left half-written
    try (Stream<Path> tmp = Files.list(dir.resolve("responses/log/_tmp"))) {
      assertThat(tmp).isEmpty();
    }
    // each line is the outcome row, failure and all
    String first = Files.readAllLines(committed().get(0)).get(0);
    assertThat(JSON.readTree(first).path("failure").path("error_class").asText())
        .isEqualTo("server_error");
    assertThat(JSON.readTree(first).path("ok").isNull()).isTrue();
  }

  @Test
  void commitsWhatWaitedAFlushIntervalWithoutMoreOutcomesArriving() throws Exception {
    OutcomeLog log = log(50, 1000);
    OutcomeLog.Writer writer = log.writer(SCHEMA, null);
    OutcomeLog.TaskLogs task = new OutcomeLog.TaskLogs(log, List.of(writer));
    task.append(writer, failed("only"));
    awaitTrue(() -> writer.committedOutcomes() == 1);
    assertThat(workIds()).containsExactly("only");
    task.close();
    assertThat(committed()).hasSize(1);
  }

  @Test
  void aStopSignalReachesTheTasksAndAFreshStepClearsIt() throws Exception {
    OutcomeLog log = log(600_000, 1000);
    OutcomeLog.TaskLogs task = new OutcomeLog.TaskLogs(log, List.of(log.writer(SCHEMA, null)));
    assertThat(task.stopped()).isFalse();
    Configuration hadoop = new Configuration();
    OutcomeLog.signalStop(log.files(), hadoop);
    awaitTrue(task::stopped);
    task.close();

    OutcomeLog.discardUncommitted(log.files(), hadoop);
    assertThat(log.stopSignalled()).isFalse();
    assertThat(OutcomeLog.committed(log.files(), hadoop)).isEmpty();
  }

  @Test
  void writersOfTwoAttemptsNeverShareAFileName() throws Exception {
    OutcomeLog log = log(600_000, 1);
    OutcomeLog.Writer a = log.writer(SCHEMA, null);
    OutcomeLog.Writer b = log.writer(SCHEMA, null);
    OutcomeLog.TaskLogs task = new OutcomeLog.TaskLogs(log, List.of(a, b));
    task.append(a, failed("x"));
    task.append(b, failed("x"));
    task.close();
    assertThat(committed()).hasSize(2);
    assertThat(workIds()).containsExactly("x", "x");
  }

  /** Waits (generously: a loaded machine) for a background flush; fails after 30 s. */
  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 30 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
