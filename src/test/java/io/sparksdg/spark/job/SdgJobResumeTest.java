package io.sparksdg.spark.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparksdg.config.ConfigException;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.spark.run.ModelStep;
import io.sparksdg.spark.run.OutputLayout;
import io.sparksdg.spark.tables.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-runs of one config: resume, skip what is done, refuse to mix configs. */
class SdgJobResumeTest extends SparkTestBase {

  @TempDir Path dir;

  /** 24 imported prompts, 2 partitions, no report. */
  private static SdgConfig config(SimulatedRun sim, String... overrides) {
    Path prompts = sim.importPrompts("r", 24, i -> "Resumable question " + i + "?");
    List<String> all =
        new ArrayList<>(
            List.of(
                "output.report=false",
                "prompts.import=" + prompts,
                "run.partitions=2",
                "endpoints.generator.price.input-per-mtok=0.5",
                "endpoints.generator.price.output-per-mtok=1.5",
                "endpoints.reward.price.input-per-mtok=1.0"));
    all.addAll(List.of(overrides));
    return sim.config("conf/local.yaml", all.toArray(String[]::new));
  }

  @Test
  void aRerunRequestsOnlyWhatIsMissingAndEndsWithTheSameTables() throws Exception {
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir)) {
      Path out = sim.out();
      SdgConfig config = config(sim);
      sim.run(config);
      long firstRequests = sim.requests();
      // 24 prompts x 2 responses, each scored: 96 calls.
      assertThat(firstRequests).isEqualTo(96);
      List<org.apache.spark.sql.Row> responses =
          RunInvariants.content(spark(), out, Tables.RESPONSES, "latency_ms");
      List<org.apache.spark.sql.Row> preferences =
          RunInvariants.content(spark(), out, Tables.PREFERENCES);

      // A finished run again: nothing to request.
      sim.run(config);
      assertThat(sim.requests()).isEqualTo(firstRequests);
      // ... and the statistics of both runs are kept, each and in total
      com.fasterxml.jackson.databind.JsonNode metrics =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(out.resolve("_metrics.json").toFile());
      assertThat(metrics.get("attempts")).hasSize(2);
      assertThat(requests(metrics.at("/attempts/0/endpoints"))).isEqualTo(96);
      assertThat(requests(metrics.at("/attempts/1/endpoints"))).isZero();
      assertThat(requests(metrics.at("/total/endpoints"))).isEqualTo(96);
      assertThat(metrics.at("/total/endpoints/generator/prompt-tokens").asLong())
          .isPositive()
          .isEqualTo(metrics.at("/attempts/0/endpoints/generator/prompt-tokens").asLong());
      assertThat(metrics.at("/total/endpoints/reward/latency-ms/p50").isNumber()).isTrue();
      assertThat(metrics.at("/total/cost-usd").asDouble())
          .isPositive()
          .isEqualTo(metrics.at("/attempts/0/cost-usd").asDouble());
      assertThat(metrics.at("/attempts/0/run-id").asText())
          .isNotEqualTo(metrics.at("/attempts/1/run-id").asText());
      io.sparksdg.report.RunReport report =
          io.sparksdg.report.ReportJson.read(
              Files.readString(
                  Path.of(
                      new io.sparksdg.spark.run.RunReports(spark(), out.toString())
                          .write()
                          .replace("index.html", "report.json"))));
      assertThat(report.attempts()).hasSize(2);
      assertThat(report.attempts().get(0).requests()).isEqualTo(96);
      assertThat(report.attempts().get(1).requests()).isZero();
      assertThat(report.endpoints().stream().mapToLong(e -> e.requests()).sum()).isEqualTo(96);
      assertThat(report.endpoints()).allSatisfy(e -> assertThat(e.latencyP50()).isNotNull());
      assertThat(report.costUsd()).isPositive();

      // A driver killed mid-step leaves committed outcome log files and no compacted folder: keep
      // 20 of the 48 responses as such a file, lose the rest and every score.
      Path staged = out.resolve("_staging").resolve(Tables.RESPONSES);
      Path batch = staged.resolve("batch-000000");
      Path written = dir.resolve("kept-json");
      spark()
          .read()
          .parquet(batch.toString())
          .orderBy(ModelStep.WORK_ID)
          .limit(20)
          .coalesce(1)
          .write()
          .json(written.toString());
      Path part;
      try (Stream<Path> files = Files.list(written)) {
        part = files.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().get();
      }
      Files.createDirectories(staged.resolve("log"));
      Files.move(part, staged.resolve("log").resolve("killed-p00000-s0-a0-000000.jsonl"));
      long lost = 48 - 20;
      deleteTree(batch);
      deleteTree(out.resolve("_staging").resolve(Tables.SCORES));
      sim.run(config);
      // Only the lost responses are requested again, then every response is scored once more.
      assertThat(sim.requests() - firstRequests).isEqualTo(lost + 48);
      assertThat(RunInvariants.content(spark(), out, Tables.RESPONSES, "latency_ms"))
          .isEqualTo(responses);
      assertThat(RunInvariants.content(spark(), out, Tables.PREFERENCES)).isEqualTo(preferences);
      RunInvariants.check(spark(), out, 2);
    }
  }

  private static long requests(com.fasterxml.jackson.databind.JsonNode endpoints) {
    long n = 0;
    for (com.fasterxml.jackson.databind.JsonNode e : endpoints) {
      n += e.get("requests").asLong();
    }
    return n;
  }

  @Test
  void refusesToMixTwoConfigsInOneOutputRootUnlessAskedToOverwrite() throws Exception {
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir)) {
      sim.run(config(sim));
      assertThatThrownBy(() -> sim.run(config(sim, "responses.per-prompt=3")))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("made with a different config")
          .hasMessageContaining("run.overwrite=true");
      sim.run(config(sim, "responses.per-prompt=3", "run.overwrite=true"));
      assertThat(sim.table(Tables.RESPONSES).count()).isEqualTo(72);
    }
  }

  @Test
  void refusesToResumeARootWrittenInAnotherTableLayoutBeforeAnyWork() throws Exception {
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir)) {
      sim.run(config(sim));
      Path runFile = sim.out().resolve("_run.json");
      com.fasterxml.jackson.databind.ObjectMapper json =
          new com.fasterxml.jackson.databind.ObjectMapper();
      com.fasterxml.jackson.databind.node.ObjectNode run =
          (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(runFile.toFile());
      assertThat(run.path("table-layout").asInt()).isEqualTo(OutputLayout.TABLE_LAYOUT);
      run.remove("table-layout"); // as a root from before the marker: layout 1
      json.writeValue(runFile.toFile(), run);
      Files.deleteIfExists(runFile.resolveSibling("._run.json.crc")); // Hadoop's checksum of it
      long before = sim.requests();

      assertThatThrownBy(() -> sim.run(config(sim)))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("table layout 1")
          .hasMessageContaining("another --out")
          .hasMessageContaining("run.overwrite=true");
      assertThat(sim.requests()).isEqualTo(before);

      sim.run(config(sim, "run.overwrite=true"));
      assertThat(sim.requests()).isGreaterThan(before);
      assertThat(json.readTree(runFile.toFile()).path("table-layout").asInt())
          .isEqualTo(OutputLayout.TABLE_LAYOUT);
      RunInvariants.check(spark(), sim.out(), 2);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
