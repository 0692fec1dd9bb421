package io.sparksdg.spark.job;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sparksdg.sim.Faults;
import io.sparksdg.spark.tables.Tables;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code _metrics.json}: executors' HTTP counters, summed on the driver, agree with the rows. */
class SdgJobMetricsTest extends SparkTestBase {

  @TempDir Path dir;

  @Test
  void metricsAgreeWithTheRowsWritten() throws Exception {
    Path out = dir.resolve("out");
    // Retryable faults (some exhaust their attempts) and rejected requests.
    Faults faults = new Faults(0.05, 0.04, 0.04, 0.0, 0.0, 0.04, 0.0, List.of("REJECT-ME"));
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir, faults, 11)) {
      Path prompts =
          sim.importPrompts(
              "m",
              30,
              i -> i % 10 == 0 ? "REJECT-ME question " + i : "Question " + i + " about rivers?");
      sim.run(
          sim.config(
              "conf/local.yaml",
              "output.report=false",
              "endpoints.generator.initial-backoff=2ms",
              "endpoints.generator.max-backoff=5ms",
              "endpoints.generator.max-attempts=2",
              "endpoints.reward.initial-backoff=2ms",
              "endpoints.reward.max-backoff=5ms",
              "endpoints.reward.max-attempts=2",
              "prompts.import=" + prompts,
              "run.error-budget=1",
              "run.partitions=3"));
    }

    JsonNode metrics = new JsonMapper().readTree(out.resolve("_metrics.json").toFile());
    JsonNode generator = metrics.path("endpoints").path("generator");
    JsonNode reward = metrics.path("endpoints").path("reward");
    Dataset<Row> failures = table(out, Tables.FAILURES);
    long responseFailures = failures.where(col("stage").equalTo(Tables.RESPONSES)).count();
    long scoreFailures = failures.where(col("stage").equalTo(Tables.SCORES)).count();

    assertThat(generator.path("successes").asLong())
        .isEqualTo(table(out, Tables.RESPONSES).count())
        .isPositive();
    assertThat(reward.path("successes").asLong())
        .isEqualTo(table(out, Tables.SCORES).count())
        .isPositive();
    assertThat(generator.path("failures").asLong()).isEqualTo(responseFailures).isPositive();
    assertThat(reward.path("failures").asLong()).isEqualTo(scoreFailures);
    assertThat(generator.path("failures-by-class").path("rejected").asLong())
        .isEqualTo(failures.where(col("error_class").equalTo("rejected")).count())
        .isEqualTo(6);
    for (JsonNode e : List.of(generator, reward)) {
      // every HTTP request ended as a success, a retry or a call's final failure
      assertThat(e.path("requests").asLong())
          .isEqualTo(
              e.path("successes").asLong()
                  + e.path("retries").asLong()
                  + e.path("failures").asLong());
      assertThat(e.path("retries").asLong()).isPositive();
      assertThat(e.path("latency-ms").path("p50").asDouble()).isPositive();
      assertThat(e.path("prompt-tokens").asLong()).isPositive();
    }
    assertThat(metrics.path("rows").path(Tables.SCORES).asLong())
        .isEqualTo(table(out, Tables.SCORES).count());
  }

  private Dataset<Row> table(Path out, String name) {
    return RunInvariants.table(spark(), out, name);
  }
}
