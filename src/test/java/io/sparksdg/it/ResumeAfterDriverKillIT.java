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
 * The driver is killed with SIGKILL in the middle of the responses stage and the run is started
 * again: the second run requests only what the first did not commit, and the final tables equal a
 * clean run's.
 */
class ResumeAfterDriverKillIT {

  private static final int PROMPTS = 40;
  private static final int PER_PROMPT = 2;
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

      // Small batches in the killed runs, so that the kill lands mid-stage; the reference run
      // takes the default batch size, which changes how fast, not what.
      Process first = start(sim, prompts, killed, "first", "run.batch-size=10");
      Path staging = killed.resolve("_staging").resolve("responses");
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (committedBatches(staging) < 3) {
        assertThat(first.isAlive()).as("the first run is still going").isTrue();
        assertThat(System.nanoTime())
            .as("3 batches committed within 5 minutes")
            .isLessThan(deadline);
        Thread.sleep(50);
      }
      first.destroyForcibly(); // SIGKILL
      first.waitFor();
      long generatorRequestsBefore = generatorRequests(sim);
      long committed = committedWork(staging);
      assertThat(committed).isBetween(1L, (long) PROMPTS * PER_PROMPT - 1);

      Process second = start(sim, prompts, killed, "second", "run.batch-size=10");
      assertThat(second.waitFor(10, TimeUnit.MINUTES)).isTrue();
      assertThat(second.exitValue()).as("log: " + dir.resolve("second.log")).isZero();
      long requestedAgain = generatorRequests(sim) - generatorRequestsBefore;
      assertThat(requestedAgain).isEqualTo(PROMPTS * PER_PROMPT - committed);

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

  private Process start(Simulator sim, Path prompts, Path out, String name, String... overrides)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            PlainJava.main(
                List.of(
                    "run",
                    "--config",
                    "conf/local.yaml",
                    "--out",
                    out.toString(),
                    "--master",
                    "local[2]",
                    "--set",
                    "endpoints.generator.base-url=" + sim.baseUrl(),
                    "--set",
                    "endpoints.reward.base-url=" + sim.baseUrl(),
                    "--set",
                    "output.report=false",
                    "--set",
                    "endpoints.generator.max-concurrency=2",
                    "--set",
                    "prompts.import=" + prompts,
                    "--set",
                    "run.partitions=2")));
    for (String o : overrides) {
      command.add("--set");
      command.add(o);
    }
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  private static int committedBatches(Path staging) throws IOException {
    if (!Files.isDirectory(staging)) {
      return 0;
    }
    try (Stream<Path> batches = Files.list(staging)) {
      return (int) batches.filter(b -> Files.exists(b.resolve("_SUCCESS"))).count();
    }
  }

  private static long committedWork(Path staging) throws IOException {
    List<String> paths = new ArrayList<>();
    try (Stream<Path> batches = Files.list(staging)) {
      batches
          .filter(b -> Files.exists(b.resolve("_SUCCESS")))
          .forEach(b -> paths.add(b.toString()));
    }
    return spark.read().parquet(paths.toArray(String[]::new)).select("work_id").distinct().count();
  }
}
