package io.sparksdg.spark.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.spark.exec.ModelCalls;
import io.sparksdg.spark.tables.Tables;
import java.nio.file.Path;
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
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir)) {
      Path prompts = sim.importPrompts("c", 30, i -> "Chaos question " + i + "?");
      Path clean = dir.resolve("clean");
      Path chaos = dir.resolve("chaos");
      String[] overrides = {"output.report=false", "prompts.import=" + prompts, "run.partitions=4"};

      sim.run(sim.config("conf/local.yaml", clean, overrides));
      long cleanRequests = sim.requests();

      spark().sparkContext().setLocalProperty(ModelCalls.CHAOS_FAIL_FIRST_ATTEMPT, "true");
      try {
        sim.run(sim.config("conf/local.yaml", chaos, overrides));
      } finally {
        spark().sparkContext().setLocalProperty(ModelCalls.CHAOS_FAIL_FIRST_ATTEMPT, null);
      }
      // The failed attempts' calls still in flight were thrown away: at-least-once HTTP (what
      // they committed, the retries skipped)...
      assertThat(sim.requests() - cleanRequests).isGreaterThan(cleanRequests);
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
