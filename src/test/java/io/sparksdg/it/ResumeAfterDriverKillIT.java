package io.sparksdg.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.sim.Simulator;
import io.sparksdg.sim.SimulatorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver is killed with SIGKILL in the middle of the responses step (default settings: every
 * answer committed within {@code run.flush-interval} of 1 s) and the run is started again: the
 * second run requests only what the first did not commit, the first lost at most the calls in
 * flight plus about one flush interval of answers, and the final tables equal a clean run's.
 */
class ResumeAfterDriverKillIT {

  private static final int PROMPTS = 400;
  private static final int IN_FLIGHT = 8;
  private static SparkSession spark;

  @TempDir Path dir;

  @BeforeAll
  static void startSpark() {
    spark =
        SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void aRestartedDriverRequestsOnlyTheMissingRecords() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= PROMPTS; i++) {
      lines.add("{\"id\": \"d" + i + "\", \"prompt\": \"Driver kill question " + i + "?\"}");
    }
    Path prompts = Files.write(dir.resolve("prompts.jsonl"), lines);
    try (Simulator sim =
        Simulator.start(SimulatorOptions.defaults().withLatency(Duration.ofMillis(100)))) {
      Path killed = dir.resolve("killed");
      Path clean = dir.resolve("clean");

      Process first = start(sim, prompts, killed, "first");
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (generatorRequests(sim) < 150) {
        assertThat(first.isAlive()).as("the first run is still going").isTrue();
        assertThat(System.nanoTime())
            .as("150 generations served within 5 minutes")
            .isLessThan(deadline);
        Thread.sleep(10);
      }
      first.destroyForcibly(); // SIGKILL
      first.waitFor();
      long served = generatorRequests(sim);
      long committed = committedWork(killed.resolve("_staging").resolve("responses"));
      assertThat(committed).isBetween(1L, (long) PROMPTS - 1);

      Process second = start(sim, prompts, killed, "second");
      assertThat(second.waitFor(10, TimeUnit.MINUTES)).isTrue();
      assertThat(second.exitValue()).as("log: " + dir.resolve("second.log")).isZero();
      long requestedAgain = generatorRequests(sim) - served;
      // nothing committed is requested again...
      assertThat(requestedAgain).isEqualTo(PROMPTS - committed);
      // ...and what the kill lost is the calls in flight and the last second's answers (about 80
      // at 8 in flight and 100 ms), well under a quarter of the input (all of it before the log)
      long lost = served - committed;
      System.out.printf(
          "driver kill: %d generations served, %d committed, %d lost (%.1f%% of %d)%n",
          served, committed, lost, 100.0 * lost / PROMPTS, PROMPTS);
      assertThat(lost).isLessThan(PROMPTS / 4);

      Process reference = start(sim, prompts, clean, "clean");
      assertThat(reference.waitFor(10, TimeUnit.MINUTES)).isTrue();
      assertThat(reference.exitValue()).isZero();
      for (String table :
          List.of("prompts", "responses", "scores", "sft", "preferences", "failures")) {
        assertThat(content(killed, table)).as(table).isEqualTo(content(clean, table));
      }
    }
  }

  private List<Row> content(Path root, String table) {
    var rows = spark.read().parquet(root.resolve(table).toString()).drop("latency_ms");
    return rows.orderBy(rows.columns()[0]).collectAsList();
  }

  private static long generatorRequests(Simulator sim) {
    return sim.stats().requestsByModel().getOrDefault("simulated-instruct", 0L);
  }

  private Process start(Simulator sim, Path prompts, Path out, String name) throws IOException {
    return PlainJava.run(
        "conf/local.yaml",
        out,
        sim.baseUrl(),
        dir.resolve(name + ".log"),
        List.of(
            "endpoints.generator.max-concurrency=" + IN_FLIGHT,
            "responses.per-prompt=1",
            "prompts.import=" + prompts));
  }

  /** Work ids committed by the killed run: its log files (and any compacted folder). */
  private static long committedWork(Path staging) throws IOException {
    List<String> logs = new ArrayList<>();
    Path log = staging.resolve("log");
    if (Files.isDirectory(log)) {
      try (Stream<Path> files = Files.list(log)) {
        files.filter(f -> f.toString().endsWith(".jsonl")).forEach(f -> logs.add(f.toString()));
      }
    }
    long fromLogs =
        logs.isEmpty()
            ? 0
            : spark.read().json(logs.toArray(String[]::new)).select("work_id").distinct().count();
    List<String> batches = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(staging)) {
      dirs.filter(b -> Files.exists(b.resolve("_SUCCESS"))).forEach(b -> batches.add(b.toString()));
    }
    assertThat(batches).as("nothing compacted before the step ended").isEmpty();
    return fromLogs;
  }
}
