package io.sparksdg.spark.job;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sparksdg.config.ConfigLoader;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.model.http.HttpModelClients;
import io.sparksdg.sim.Faults;
import io.sparksdg.sim.Simulator;
import io.sparksdg.sim.SimulatorOptions;
import io.sparksdg.spark.tables.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      String text = i % 10 == 0 ? "REJECT-ME question " + i : "Question " + i + " about rivers?";
      lines.add("{\"id\": \"m" + i + "\", \"prompt\": \"" + text + "\"}");
    }
    Path prompts = Files.write(dir.resolve("prompts.jsonl"), lines);
    Path out = dir.resolve("out");
    // Retryable faults (some exhaust their attempts) and rejected requests.
    Faults faults = new Faults(0.05, 0.04, 0.04, 0.0, 0.0, 0.04, 0.0, List.of("REJECT-ME"));
    HttpModelClients.resetForTests();
    try (Simulator sim =
        Simulator.start(
            new SimulatorOptions(
                "127.0.0.1", 0, Duration.ZERO, Duration.ZERO, faults, 11, 0.0, null))) {
      SdgConfig config =
          new ConfigLoader()
              .load(
                  Path.of("conf/local.yaml"),
                  List.of(
                      "endpoints.generator.base-url=" + sim.baseUrl(),
                      "endpoints.reward.base-url=" + sim.baseUrl(),
                      "output.report=false",
                      "endpoints.generator.initial-backoff=2ms",
                      "endpoints.generator.max-backoff=5ms",
                      "endpoints.generator.max-attempts=2",
                      "endpoints.reward.initial-backoff=2ms",
                      "endpoints.reward.max-backoff=5ms",
                      "endpoints.reward.max-attempts=2",
                      "prompts.import=" + prompts,
                      "run.error-budget=1",
                      "run.batch-size=25",
                      "run.partitions=3"))
              .withOutputRoot(out.toString());
      new SdgJob(spark(), config).run();
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
    return spark().read().parquet(out.resolve(name).toString());
  }
}
