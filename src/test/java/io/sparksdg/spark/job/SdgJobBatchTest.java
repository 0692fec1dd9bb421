package io.sparksdg.spark.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.sim.SimulatorOptions;
import io.sparksdg.spark.run.ModelStep;
import io.sparksdg.spark.tables.Tables;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The responses step with its generator in batch mode, against the simulator's batch API: the same
 * tables as online, at the batch price; a driver stopped after its batches were created polls them
 * on the re-run instead of uploading again, and only failed or expired lines go out again.
 */
class SdgJobBatchTest extends SparkTestBase {

  @TempDir Path dir;

  private static final int PROMPTS = 24;

  private static SdgConfig config(SimulatedRun sim, Path out, String... overrides) {
    Path prompts = sim.importPrompts("b", PROMPTS, i -> "Batched question " + i + "?");
    List<String> all =
        new ArrayList<>(
            List.of(
                "output.report=false",
                "prompts.import=" + prompts,
                "run.partitions=2",
                "endpoints.generator.price.input-per-mtok=0.5",
                "endpoints.generator.price.output-per-mtok=1.5",
                "endpoints.generator.batch-poll-interval=100ms"));
    all.addAll(List.of(overrides));
    return sim.config("conf/local.yaml", out, all.toArray(String[]::new));
  }

  @Test
  void aBatchRunWritesTheTablesOfAnOnlineRunAtTheBatchPrice() throws Exception {
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir)) {
      Path online = dir.resolve("online");
      Path batch = dir.resolve("batch");
      sim.run(config(sim, online));
      long onlineRequests = sim.requests();
      sim.run(config(sim, batch, "endpoints.generator.mode=batch"));
      // Only the reward model was called online by the batch run; the 48 responses came in batches.
      assertThat(sim.requests() - onlineRequests).isEqualTo(PROMPTS * 2);
      assertThat(sim.simulator().stats().batchLines()).isEqualTo(PROMPTS * 2);
      assertThat(sim.simulator().stats().batchFiles()).isEqualTo(2);

      assertThat(RunInvariants.content(spark(), batch, Tables.RESPONSES, "latency_ms", "cost_usd"))
          .isEqualTo(
              RunInvariants.content(spark(), online, Tables.RESPONSES, "latency_ms", "cost_usd"))
          .hasSize(PROMPTS * 2);
      for (String table : List.of(Tables.SCORES, Tables.SFT, Tables.PREFERENCES)) {
        assertThat(RunInvariants.content(spark(), batch, table, "latency_ms", "cost_usd"))
            .as(table)
            .isEqualTo(RunInvariants.content(spark(), online, table, "latency_ms", "cost_usd"));
      }
      assertThat(cost(batch))
          .isCloseTo(cost(online) / 2, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(cost(batch)).isPositive();
      JsonNode metrics = new ObjectMapper().readTree(batch.resolve("_metrics.json").toFile());
      JsonNode onlineMetrics =
          new ObjectMapper().readTree(online.resolve("_metrics.json").toFile());
      for (String generatorCost :
          List.of(
              "/attempts/0/stages/responses/endpoints/generator/cost-usd",
              "/total/endpoints/generator/cost-usd")) {
        assertThat(metrics.at(generatorCost).asDouble())
            .as(generatorCost)
            .isPositive()
            .isCloseTo(
                onlineMetrics.at(generatorCost).asDouble() / 2,
                org.assertj.core.data.Offset.offset(1e-6));
      }
      assertThat(metrics.at("/total/endpoints/generator/successes").asLong())
          .isEqualTo(PROMPTS * 2);
      RunInvariants.check(spark(), batch, 2);
    }
  }

  @Test
  void aRerunPollsTheSameBatchesAndResubmitsOnlyFailedOrExpiredLines() throws Exception {
    SimulatorOptions options =
        SimulatorOptions.defaults()
            .withSeed(11)
            .withBatches(new SimulatorOptions.Batches(Duration.ofMillis(300), 0.2, 0.2));
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir, options)) {
      Path out = dir.resolve("out");
      SdgConfig config = config(sim, out, "endpoints.generator.mode=batch");
      spark().sparkContext().setLocalProperty(ModelStep.CHAOS_STOP_AFTER_BATCHES_CREATED, "true");
      Throwable stopped = null;
      try {
        sim.run(config);
      } catch (RuntimeException e) {
        stopped = e;
      } finally {
        spark().sparkContext().setLocalProperty(ModelStep.CHAOS_STOP_AFTER_BATCHES_CREATED, null);
      }
      assertThat(stopped).isNotNull();
      assertThat(stopped).hasStackTraceContaining("Injected stop after the batches were created");
      assertThat(sim.simulator().stats().batchesCreated()).isEqualTo(2);
      assertThat(sim.simulator().stats().batchLines()).isEqualTo(PROMPTS * 2);

      sim.run(config);
      Map<String, Integer> submissions = sim.simulator().batchSubmissions();
      // Every line went out once in the first run's two files, none of them uploaded again; only
      // the lines that failed or expired went out again, each at most twice more.
      assertThat(submissions).hasSize(PROMPTS * 2);
      assertThat(submissions.values()).allSatisfy(n -> assertThat(n).isBetween(1, 3));
      int lines = submissions.values().stream().mapToInt(Integer::intValue).sum();
      assertThat(sim.simulator().stats().batchLines()).isEqualTo(lines);
      assertThat(lines).isGreaterThan(PROMPTS * 2);
      assertThat(sim.simulator().stats().batchesCreated())
          .isEqualTo(sim.simulator().stats().batchFiles())
          .isGreaterThan(2);

      Set<String> responses = new HashSet<>(ids(out, Tables.RESPONSES, "response_id"));
      List<Row> failures =
          sim.table(out, Tables.FAILURES)
              .where("stage = 'responses'")
              .select("record_id", "error_class")
              .collectAsList();
      Set<String> failed = new HashSet<>();
      for (Row f : failures) {
        failed.add(f.getString(0));
        assertThat(f.getString(1)).isIn("server_error", "timeout");
        // a line fails for good only after its two resubmissions failed too
        assertThat(submissions.get(f.getString(0))).isEqualTo(3);
      }
      assertThat(failures).hasSize(failed.size());
      assertThat(responses).hasSize(ids(out, Tables.RESPONSES, "response_id").size());
      assertThat(responses).doesNotContainAnyElementsOf(failed);
      Set<String> all = new HashSet<>(responses);
      all.addAll(failed);
      assertThat(all).isEqualTo(submissions.keySet());
      for (Map.Entry<String, Integer> s : submissions.entrySet()) {
        if (s.getValue() < 3) {
          assertThat(responses).contains(s.getKey());
        }
      }
    }
  }

  @Test
  void batchesExpectedToCostMoreThanTheBudgetLeftAreNotSubmitted() throws Exception {
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir)) {
      Path out = dir.resolve("out");
      // 48 lines of about 20 prompt and 512 expected completion tokens at $0.75 per million
      // completion tokens (batch price): about $0.018, more than $0.001
      assertThatThrownBy(
              () ->
                  sim.run(
                      config(sim, out, "endpoints.generator.mode=batch", "run.max-budget=0.001")))
          .isInstanceOf(io.sparksdg.spark.run.BudgetSpentException.class);
      assertThat(sim.simulator().stats().batchFiles()).isZero();
      assertThat(sim.simulator().stats().batchesCreated()).isZero();
      assertThat(sim.requests()).isZero();

      sim.run(config(sim, out, "endpoints.generator.mode=batch", "run.max-budget=1"));
      assertThat(sim.simulator().stats().batchLines()).isEqualTo(PROMPTS * 2);
      assertThat(ids(out, Tables.RESPONSES, "response_id")).hasSize(PROMPTS * 2);
    }
  }

  @Test
  void aFusedFollowUpToABatchEndpointRunsAsItsOwnBatchStep() throws Exception {
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir)) {
      String[] overrides = {
        "prompts.topics=2",
        "prompts.questions-per-topic=2",
        "prompts.families.math.enabled=false",
        "prompts.families.open-qa.enabled=false",
        "run.partitions=2",
        "output.report=false"
      };
      Path online = dir.resolve("online");
      Path batch = dir.resolve("batch");
      sim.run(sim.config("conf/safety.yaml", online, overrides));
      List<String> batched = new ArrayList<>(List.of(overrides));
      batched.add("endpoints.guard.mode=batch");
      batched.add("endpoints.guard.batch-poll-interval=100ms");
      sim.run(sim.config("conf/safety.yaml", batch, batched.toArray(String[]::new)));
      long verdicts = sim.table(batch, Tables.SAFETY).count();
      // every prompt's and every response's verdict came in batches, none online
      assertThat(sim.simulator().stats().batchLines()).isEqualTo(verdicts).isPositive();
      for (String table :
          List.of(Tables.SAFETY, Tables.RESPONSES, Tables.SFT, Tables.PREFERENCES)) {
        assertThat(RunInvariants.content(spark(), batch, table, "latency_ms", "cost_usd"))
            .as(table)
            .isEqualTo(RunInvariants.content(spark(), online, table, "latency_ms", "cost_usd"));
      }
    }
  }

  private List<String> ids(Path out, String table, String column) {
    return spark()
        .read()
        .parquet(out.resolve(table).toString())
        .select(column)
        .as(Encoders.STRING())
        .collectAsList();
  }

  private double cost(Path out) {
    return spark()
        .read()
        .parquet(out.resolve(Tables.RESPONSES).toString())
        .agg(org.apache.spark.sql.functions.sum("cost_usd"))
        .first()
        .getDouble(0);
  }
}
