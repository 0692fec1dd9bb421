package io.sparksdg.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.sim.Simulator;
import io.sparksdg.sim.SimulatorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conf/quota.yaml} ({@code target.accepted: 200} at about 30 %): the driver is killed with
 * SIGKILL in the middle of the second round and the same command is run again. The resumed run ends
 * with the same 200 {@code sft} ids and the same rounds as a run that was never killed, and the
 * calls paid twice are only those the kill lost (in flight or not yet flushed).
 */
class TargetAfterDriverKillIT {

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
  void aRunKilledInItsSecondRoundResumesToTheSameIds() throws Exception {
    try (Simulator sim =
        Simulator.start(SimulatorOptions.defaults().withLatency(Duration.ofMillis(100)))) {
      Path clean = dir.resolve("clean");
      Process reference = start(sim, clean, "clean");
      assertThat(reference.waitFor(10, TimeUnit.MINUTES)).isTrue();
      assertThat(reference.exitValue()).as("log: " + dir.resolve("clean.log")).isZero();
      long cleanCalls = calls(sim);
      List<Row> cleanRounds = rounds(clean);
      assertThat(cleanRounds).as("the target takes more than one round").hasSizeGreaterThan(1);

      Path killed = dir.resolve("killed");
      Process first = start(sim, killed, "first");
      // the first round committed (target_rounds written), then 100 more generations served
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (!Files.exists(killed.resolve("target_rounds").resolve("_SUCCESS"))) {
        assertThat(first.isAlive()).as("the first run is still going").isTrue();
        assertThat(System.nanoTime()).as("round 1 within 10 minutes").isLessThan(deadline);
        Thread.sleep(10);
      }
      long afterRoundOne = generations(sim);
      while (generations(sim) < afterRoundOne + 100) {
        assertThat(first.isAlive()).as("the first run is still in round 2").isTrue();
        Thread.sleep(10);
      }
      first.destroyForcibly(); // SIGKILL
      first.waitFor();
      long beforeResume = calls(sim);

      Process second = start(sim, killed, "second");
      assertThat(second.waitFor(10, TimeUnit.MINUTES)).isTrue();
      assertThat(second.exitValue()).as("log: " + dir.resolve("second.log")).isZero();

      assertThat(sftIds(killed)).hasSize(200).isEqualTo(sftIds(clean));
      assertThat(rounds(killed)).isEqualTo(cleanRounds);
      // paid twice: the calls of the killed run that were in flight or answered within the last
      // flush interval (8 + 2 endpoints x 80 calls/s x 1 s at most); nothing committed
      long paidTwice = (calls(sim) - cleanCalls) - cleanCalls;
      System.out.printf(
          "target kill: clean run %d calls, killed run %d before the kill, %d paid twice%n",
          cleanCalls, beforeResume - cleanCalls, paidTwice);
      assertThat(paidTwice).isBetween(0L, cleanCalls / 4);
    }
  }

  private List<String> sftIds(Path root) {
    return spark
        .read()
        .parquet(root.resolve("sft").toString())
        .select("response_id")
        .orderBy("response_id")
        .as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList();
  }

  private List<Row> rounds(Path root) {
    return spark
        .read()
        .parquet(root.resolve("target_rounds").toString())
        .orderBy("target_round")
        .collectAsList();
  }

  private static long generations(Simulator sim) {
    return sim.stats().requestsByModel().getOrDefault("simulated-instruct", 0L);
  }

  /** Every call the simulator served: prompt synthesis, responses and scores. */
  private static long calls(Simulator sim) {
    return sim.stats().requestsByModel().values().stream().mapToLong(Long::longValue).sum();
  }

  private Process start(Simulator sim, Path out, String name) throws IOException {
    return PlainJava.run(
        "conf/quota.yaml",
        out,
        sim.baseUrl(),
        dir.resolve(name + ".log"),
        List.of(
            "endpoints.generator.max-concurrency=" + IN_FLIGHT,
            "endpoints.reward.max-concurrency=" + IN_FLIGHT));
  }
}
