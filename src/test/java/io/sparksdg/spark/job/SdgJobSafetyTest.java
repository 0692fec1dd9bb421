package io.sparksdg.spark.job;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.spark.run.RunSummary;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.curation.SftBlends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conf/safety.yaml} against the simulator's guard mode: marked prompts stay out of {@code
 * sft} and in {@code preferences} with an unsafe response always rejected, the summary counts them,
 * and the SFT blends have their configured composition.
 */
class SdgJobSafetyTest extends SparkTestBase {

  @TempDir Path dir;

  private Dataset<Row> table(Path out, String name) {
    return RunInvariants.table(spark(), out, name);
  }

  private static Set<String> strings(Dataset<Row> rows, String column) {
    return new HashSet<>(rows.select(column).as(Encoders.STRING()).collectAsList());
  }

  @Test
  void unsafePromptsLeaveSftStayInPreferencesRejectedAndBlendsKeepTheirShares() throws Exception {
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir)) {
      Path out = sim.out();
      SdgConfig config =
          sim.config(
              "conf/safety.yaml",
              "prompts.topics=2",
              "prompts.questions-per-topic=2",
              "prompts.families.math.enabled=false",
              "prompts.families.open-qa.enabled=false",
              "filter.min-reward=0",
              // a cap that binds at this size, so the test sees it cut
              "sft.blends.sft_general.caps.python=0.2",
              "run.partitions=2");
      RunSummary summary = sim.run(config);
      assertThat(summary.withinBudget()).isTrue();

      // Every prompt and every response has one verdict; the four marked prompts are unsafe.
      Dataset<Row> safety = table(out, Tables.SAFETY);
      long prompts = table(out, Tables.PROMPTS).count();
      long responses = table(out, Tables.RESPONSES).count();
      assertThat(safety.count()).isEqualTo(prompts + responses);
      Dataset<Row> unsafePrompts =
          safety.where(col("target").equalTo("prompt").and(col("verdict").equalTo("unsafe")));
      Set<String> unsafe = strings(unsafePrompts, "prompt_id");
      Set<String> marked =
          strings(
              table(out, Tables.PROMPTS)
                  .where(col("source_id").startsWith("safety-"))
                  .where(col("messages").getItem(0).getField("content").contains("UNSAFE-MARKER")),
              "prompt_id");
      assertThat(unsafe).hasSize(4).isEqualTo(marked);
      assertThat(
              unsafePrompts
                  .where(org.apache.spark.sql.functions.size(col("categories")).equalTo(0))
                  .count())
          .isZero();
      long unsafeResponses =
          safety
              .where(col("target").equalTo("response").and(col("verdict").equalTo("unsafe")))
              .count();
      assertThat(unsafeResponses).isPositive();

      // sft: only screened-safe prompts and responses.
      Dataset<Row> sft = table(out, Tables.SFT);
      assertThat(sft.count()).isPositive();
      assertThat(sft.where(col("prompt_id").isin(unsafe.toArray())).count()).isZero();
      assertThat(
              sft.where(
                      col("prompt_safety")
                          .notEqual("safe")
                          .or(col("response_safety").notEqual("safe")))
                  .count())
          .isZero();

      // preferences: unsafe prompts kept; an unsafe response is never the chosen one.
      Dataset<Row> prefs = table(out, Tables.PREFERENCES);
      Dataset<Row> unsafePairs = prefs.where(col("prompt_id").isin(unsafe.toArray()));
      assertThat(unsafePairs.count()).isPositive();
      assertThat(unsafePairs.where(col("prompt_safety").notEqual("unsafe")).count()).isZero();
      assertThat(prefs.where(col("chosen_safety").notEqual("safe")).count()).isZero();
      Dataset<Row> guardPairs = prefs.where(col("judge").equalTo("guard"));
      assertThat(guardPairs.count()).isPositive();
      assertThat(guardPairs.where(col("rejected_safety").notEqual("unsafe")).count()).isZero();

      // The summary counts them.
      JsonNode rows =
          new ObjectMapper().readTree(Files.readString(out.resolve("_summary.json"))).get("rows");
      assertThat(rows.get("safety").asLong()).isEqualTo(prompts + responses);
      assertThat(rows.get("safety_unsafe_prompts").asLong()).isEqualTo(4);
      assertThat(rows.get("safety_unsafe_responses").asLong()).isEqualTo(unsafeResponses);
      // ... and so does the run report.
      java.util.Map<String, Long> funnel = new java.util.HashMap<>();
      io.sparksdg.report.ReportJson.read(Files.readString(out.resolve("_report/report.json")))
          .funnel()
          .forEach(step -> funnel.put(step.table(), step.rows()));
      assertThat(funnel)
          .containsEntry("safety_unsafe_prompts", 4L)
          .containsEntry("safety_unsafe_responses", unsafeResponses);

      // Blends: sft_code is the python rows of sft; sft_general caps python at its share.
      Set<String> python = strings(sft.where(col("task").equalTo("python")), "response_id");
      assertThat(python).isNotEmpty();
      assertThat(strings(table(out, "sft_code"), "response_id")).isEqualTo(python);
      Dataset<Row> general = table(out, "sft_general");
      assertThat(strings(general.where(col("task").notEqual("python")), "response_id"))
          .isEqualTo(strings(sft.where(col("task").notEqual("python")), "response_id"));
      long generalPython = general.where(col("task").equalTo("python")).count();
      Map<String, Long> counts = new LinkedHashMap<>();
      for (Row r : sft.groupBy("task").count().collectAsList()) {
        counts.put(r.getString(0), r.getLong(1));
      }
      assertThat(generalPython)
          .isEqualTo(
              SftBlends.quotas(counts, config.sft().blends().get("sft_general")).get("python"))
          .isPositive()
          .isLessThan(python.size());
      assertThat((double) generalPython / general.count()).isLessThanOrEqualTo(0.2);
      assertThat(strings(general.where(col("task").equalTo("python")), "response_id"))
          .isSubsetOf(python);

      // The dataset card records each blend's composition; each blend is exported.
      JsonNode card =
          new ObjectMapper()
              .readTree(Files.readString(out.resolve("exports/sft-messages/card.json")))
              .get("blends");
      assertThat(card.get("sft_general").get("rows").asLong()).isEqualTo(general.count());
      assertThat(card.get("sft_general").get("tasks").get("python").asLong())
          .isEqualTo(generalPython);
      assertThat(card.get("sft_general").get("caps").get("python").asDouble()).isEqualTo(0.2);
      assertThat(card.get("sft_code").get("families").get(0).asText()).isEqualTo("python");
      assertThat(Files.readAllLines(out.resolve("exports/sft_code/data.jsonl")))
          .hasSize(python.size());
    }
  }
}
