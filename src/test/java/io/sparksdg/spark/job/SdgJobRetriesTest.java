package io.sparksdg.spark.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.config.ConfigLoader;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.sim.Simulator;
import io.sparksdg.sim.SimulatorOptions;
import io.sparksdg.spark.exec.ModelCalls;
import io.sparksdg.spark.tables.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spark local[4,4]: tasks that fail once are retried, and leave nothing twice. */
class SdgJobRetriesTest extends SparkTestBase {

  @TempDir Path dir;

  @Override
  public SparkConf conf() {
    return super.conf().setMaster("local[4,4]");
  }

  @Test
  void tasksFailingTheirFirstAttemptGiveTheSameTablesAsACleanRun() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      lines.add("{\"id\": \"c" + i + "\", \"prompt\": \"Chaos question " + i + "?\"}");
    }
    Path prompts = Files.write(dir.resolve("prompts.jsonl"), lines);
    try (Simulator sim = Simulator.start(SimulatorOptions.defaults())) {
      List<String> overrides =
          List.of(
              "endpoints.generator.base-url=" + sim.baseUrl(),
              "endpoints.reward.base-url=" + sim.baseUrl(),
              "output.report=false",
              "prompts.import=" + prompts,
              "run.partitions=4");
      SdgConfig base = new ConfigLoader().load(Path.of("conf/local.yaml"), overrides);
      Path clean = dir.resolve("clean");
      Path chaos = dir.resolve("chaos");

      new SdgJob(spark(), base.withOutputRoot(clean.toString())).run();
      long cleanRequests = sim.stats().requests();

      spark().sparkContext().setLocalProperty(ModelCalls.CHAOS_FAIL_FIRST_ATTEMPT, "true");
      try {
        new SdgJob(spark(), base.withOutputRoot(chaos.toString())).run();
      } finally {
        spark().sparkContext().setLocalProperty(ModelCalls.CHAOS_FAIL_FIRST_ATTEMPT, null);
      }
      // The failed attempts made calls that were thrown away: at-least-once HTTP...
      assertThat(sim.stats().requests() - cleanRequests).isGreaterThan(cleanRequests);
      // ...but effectively-once rows.
      RunInvariants.check(spark(), chaos, 2);
      for (String table :
          List.of(
              Tables.PROMPTS, Tables.RESPONSES, Tables.SFT, Tables.PREFERENCES, Tables.FAILURES)) {
        assertThat(RunInvariants.content(spark(), chaos, table, "latency_ms", "attempts"))
            .as(table)
            .isEqualTo(RunInvariants.content(spark(), clean, table, "latency_ms", "attempts"));
      }
      assertThat(RunInvariants.content(spark(), chaos, Tables.SCORES, "latency_ms", "attempts"))
          .isEqualTo(
              RunInvariants.content(spark(), clean, Tables.SCORES, "latency_ms", "attempts"));
    }
  }
}
