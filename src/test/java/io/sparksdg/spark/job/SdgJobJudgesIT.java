package io.sparksdg.spark.job;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.config.SdgConfig;
import io.sparksdg.spark.run.RunSummary;
import io.sparksdg.spark.tables.Tables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo config ({@code conf/judges.yaml}: synthetic prompts plus the math and instruction
 * samples, dialogues, every judge kind) against the simulator; then independent readers check the
 * output in the Python venv ({@code check_exports.py}: pyarrow, Hugging Face datasets, TRL's data
 * utilities); then a second round answers the first round's prompts with another generator.
 */
class SdgJobJudgesIT extends SparkTestBase {

  @TempDir Path dir;

  /** {@code conf/judges.yaml} at 3 topics of 4 questions, 2 partitions, output in {@code out}. */
  private static SdgConfig config(SimulatedRun sim, Path out, String... overrides) {
    List<String> all =
        new ArrayList<>(
            List.of("prompts.topics=3", "prompts.questions-per-topic=4", "run.partitions=2"));
    all.addAll(List.of(overrides));
    return sim.config("conf/judges.yaml", out, all.toArray(String[]::new));
  }

  private Dataset<Row> table(Path out, String name) {
    return RunInvariants.table(spark(), out, name);
  }

  @Test
  void producesPairsFromEveryJudgeDialoguesAndExportsThatOtherReadersAccept() throws Exception {
    Path round1 = dir.resolve("round1");
    Path round2 = dir.resolve("round2");
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir)) {
      RunSummary summary = sim.run(config(sim, round1));
      assertThat(summary.withinBudget()).isTrue();

      Dataset<Row> prefs = table(round1, Tables.PREFERENCES);
      List<String> judges = prefs.select("judge").distinct().as(Encoders.STRING()).collectAsList();
      assertThat(judges)
          .containsExactlyInAnyOrder("ground_truth", "verifier", "reward_model", "llm_judge");
      assertThat(prefs.where(col("chosen").equalTo(col("rejected"))).count()).isZero();
      assertThat(
              prefs
                  .where(col("chosen_reward").isNull().or(col("rejected_reward").isNull()))
                  .count())
          .isZero();
      assertThat(prefs.select("round").distinct().as(Encoders.INT()).collectAsList())
          .containsExactly(1);

      // Every candidate that did not become a pair says why.
      Dataset<Row> candidates = table(round1, Tables.PAIR_CANDIDATES);
      assertThat(candidates.where(col("kept")).count()).isEqualTo(prefs.count());
      assertThat(
              candidates.where(col("kept").equalTo(false).and(col("drop_reason").isNull())).count())
          .isZero();
      // The LLM judge asked twice per pair; inconsistent verdicts were recorded, not paired.
      Dataset<Row> judgements = table(round1, Tables.JUDGEMENTS);
      assertThat(judgements.where(col("verdict").equalTo("inconsistent")).count()).isPositive();
      assertThat(
              candidates
                  .where(col("drop_reason").startsWith("llm judge: inconsistent"))
                  .where(col("kept"))
                  .count())
          .isZero();

      Dataset<Row> dialogues = table(round1, Tables.DIALOGUES);
      long prompts = table(round1, Tables.PROMPTS).count();
      assertThat(prompts).isEqualTo(12 + 20 + 12);
      assertThat(dialogues.count()).isEqualTo(prompts);
      assertThat(dialogues.where(col("turns").notEqual(3)).count()).isZero();
      assertThat(dialogues.select("persona").distinct().count()).isGreaterThan(1);
      assertThat(
              dialogues.where(col("kept").equalTo(false).and(col("drop_reason").isNull())).count())
          .isZero();
      Dataset<Row> sft = table(round1, Tables.SFT);
      assertThat(sft.where(col("task").equalTo("dialogue")).count())
          .isEqualTo(dialogues.where(col("kept")).count())
          .isPositive();
      assertThat(sft.where(col("task").notEqual("dialogue")).count()).isPositive();

      runReaders(round1);

      // Round 2: the same prompts, a new generator model, lineage says round 2.
      sim.run(
          config(
              sim,
              round2,
              "prompts.from-round=" + round1,
              "prompts.extra-imports=[]",
              "endpoints.generator.model=simulated-instruct-round2",
              "dialogues.per-prompt=0",
              "exports.enabled=false",
              "run.round=2"));
      assertThat(table(round2, Tables.PROMPTS).select("prompt_id").collectAsList())
          .containsExactlyInAnyOrderElementsOf(
              table(round1, Tables.PROMPTS).select("prompt_id").collectAsList());
      assertThat(
              table(round2, Tables.RESPONSES)
                  .select("round")
                  .distinct()
                  .as(Encoders.INT())
                  .collectAsList())
          .containsExactly(2);
      assertThat(
              Set.copyOf(
                  table(round2, Tables.RESPONSES)
                      .select("model")
                      .distinct()
                      .as(Encoders.STRING())
                      .collectAsList()))
          .allSatisfy(m -> assertThat(m).contains("round2"));
    }
  }

  /**
   * {@code conf/reasoning.yaml} (open Q&A and math, both in reasoning mode {@code both}): every
   * (prompt, sample) of both families written once with reasoning and once without, and the
   * exports, reasoning field included, accepted by the same readers.
   */
  @Test
  void reasoningBothOnTwoFamiliesWritesPairedRowsThatTheReadersLoad() throws Exception {
    Path out = dir.resolve("reasoning");
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir)) {
      sim.run(sim.config("conf/reasoning.yaml", out, "output.report=false"));

      List<Row> rows =
          table(out, Tables.RESPONSES)
              .join(table(out, Tables.PROMPTS).select("prompt_id", "task"), "prompt_id")
              .groupBy("task", "prompt_id", "sample_index")
              .agg(
                  org.apache.spark.sql.functions.count_distinct(col("reasoning_mode")).as("modes"),
                  org.apache.spark.sql.functions.count(col("reasoning")).as("with_reasoning"),
                  org.apache.spark.sql.functions.count(col("response_id")).as("rows"))
              .collectAsList();
      assertThat(rows.stream().map(r -> r.<String>getAs("task")).distinct())
          .containsExactlyInAnyOrder("open_qa", "math");
      assertThat(rows)
          .allSatisfy(
              r -> {
                assertThat(r.<Long>getAs("modes")).isEqualTo(2L);
                assertThat(r.<Long>getAs("rows")).isEqualTo(2L);
                assertThat(r.<Long>getAs("with_reasoning")).isEqualTo(1L);
              });
      assertThat(
              table(out, Tables.SFT)
                  .where(col("reasoning").isNotNull())
                  .select("task")
                  .distinct()
                  .count())
          .isEqualTo(2);
      assertThat(table(out, Tables.PREFERENCES).where(col("chosen_reasoning").isNotNull()).count())
          .isPositive();

      String readers = runReaders(out);
      assertThat(readers)
          .contains("datasets loads the SFT export with a reasoning field")
          .contains("TRL export's chosen and rejected messages carry reasoning");
    }
  }

  private static String runReaders(Path out) throws Exception {
    Path root = Path.of("").toAbsolutePath();
    String venvEnv = System.getenv("SDG_VENV");
    Path venv = venvEnv == null || venvEnv.isBlank() ? root.resolve(".venv") : Path.of(venvEnv);
    Path python = venv.resolve("bin/python");
    if (!Files.isExecutable(python)) {
      org.assertj.core.api.Assertions.fail(
          "No Python venv at %s: run src/test/python/setup-venv.sh (set SDG_VENV to use another"
              + " location)",
          venv);
    }
    Path log = out.resolve("readers.log");
    Process p =
        new ProcessBuilder(
                python.toString(),
                root.resolve("src/test/python/check_exports.py").toString(),
                out.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      org.assertj.core.api.Assertions.fail("check_exports.py did not finish in 5 minutes");
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains(" passed, 0 failed").doesNotContain("FAIL");
    return output;
  }
}
