package io.sparksdg.spark.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.size;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.config.SdgConfig;
import io.sparksdg.model.http.EndpointCounters;
import io.sparksdg.model.http.HttpModelClients;
import io.sparksdg.prompts.instructions.InstructionRegistry;
import io.sparksdg.records.Ids;
import io.sparksdg.sim.Faults;
import io.sparksdg.spark.run.RunSummary;
import io.sparksdg.spark.tables.Tables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole job in Spark local[2] against the simulator over real HTTP. */
class SdgJobTest extends SparkTestBase {

  /** This class's settings: no report, short backoffs, 3 partitions. */
  private static final List<String> SETTINGS =
      List.of(
          "output.report=false",
          "endpoints.generator.initial-backoff=5ms",
          "endpoints.generator.max-backoff=20ms",
          "endpoints.reward.initial-backoff=5ms",
          "endpoints.reward.max-backoff=20ms",
          "run.partitions=3");

  @TempDir Path dir;

  private static SdgConfig config(SimulatedRun sim, String file, String... overrides) {
    List<String> all = new ArrayList<>(SETTINGS);
    all.addAll(List.of(overrides));
    return sim.config(file, all.toArray(String[]::new));
  }

  private static String promptText(int i) {
    if (i % 7 == 0) {
      return "REJECT-ME question " + i;
    }
    if (i == 10) {
      return "GONE-404 question " + i;
    }
    if (i == 11) {
      return "BAD-422 question " + i;
    }
    return "Question number " + i + " about tides?";
  }

  @Test
  void importedPromptsEndScoredOrInFailuresUnderFaults() throws Exception {
    // 20% of attempts faulty, across every kind; permanent 400, 404 and 422 for some prompts.
    Faults faults =
        new Faults(
            0.05, 0.03, 0.03, 0.03, 0.02, 0.02, 0.02, List.of("REJECT-ME", "GONE-404", "BAD-422"));
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir, faults, 7)) {
      Path prompts =
          sim.importPrompts(
              "q",
              24,
              SdgJobTest::promptText,
              SimulatedRun.promptLine("q3", "a repeated id"),
              SimulatedRun.promptLine("empty", ""),
              "this is not json");
      SdgConfig config =
          config(
              sim,
              "conf/local.yaml",
              "prompts.import=" + prompts,
              "run.error-budget=0.5",
              "endpoints.generator.timeout=2s",
              "endpoints.reward.timeout=2s");
      RunSummary summary = sim.run(config);

      // The prompts table is exactly the valid, first-seen imported lines.
      StructType expectedSchema =
          new StructType()
              .add("prompt_id", DataTypes.StringType)
              .add("source_id", DataTypes.StringType)
              .add("task", DataTypes.StringType);
      List<Row> expectedRows = new ArrayList<>();
      for (int i = 1; i <= 24; i++) {
        expectedRows.add(
            RowFactory.create(Ids.of("import", "q" + i, promptText(i)), "q" + i, "imported"));
      }
      Dataset<Row> expected = spark().createDataFrame(expectedRows, expectedSchema);
      assertDataFrameNoOrderEquals(
          expected, sim.table(Tables.PROMPTS).select("prompt_id", "source_id", "task"));

      // Input ids = ids in output + ids in failures, no duplicates anywhere.
      RunInvariants.check(spark(), sim.out(), 2);
      Dataset<Row> failures = sim.table(Tables.FAILURES);
      // The rejected prompts (q7, q14, q21 with 400; q11 with 422; q10 with 404), once per sample.
      assertThat(
              failures
                  .where(col("error_class").equalTo("rejected"))
                  .select("http_status")
                  .as(Encoders.INT())
                  .collectAsList())
          .containsOnly(400, 422)
          .hasSize(8);
      assertThat(
              failures
                  .where(col("error_class").equalTo("not_found"))
                  .select("http_status")
                  .as(Encoders.INT())
                  .collectAsList())
          .containsExactly(404, 404);
      // Bad input lines: the duplicate, the empty prompt, the non-JSON line.
      assertThat(
              failures
                  .where(col("error_class").equalTo("invalid_input"))
                  .select("record_id")
                  .as(Encoders.STRING())
                  .collectAsList())
          .containsExactlyInAnyOrder("q3", "empty", "line:27");
      assertThat(summary.rows())
          .containsKeys("prompts", "responses", "scores", "sft", "preferences", "failures");
      assertThat(summary.withinBudget()).isTrue();

      // Faults were retried, never past the configured attempts.
      Dataset<Row> responses = sim.table(Tables.RESPONSES);
      assertThat(responses.agg(max("attempts")).first().getInt(0)).isBetween(2, 6);
      assertThat(sim.table(Tables.SCORES).agg(max("attempts")).first().getInt(0)).isBetween(1, 6);
      assertThat(failures.agg(max("attempts")).first().getInt(0)).isLessThanOrEqualTo(6);
      // The counters add up: every attempt ended as a success, a retry or a failure.
      for (String endpoint : List.of("generator", "reward")) {
        EndpointCounters c = HttpModelClients.counters().get(endpoint);
        assertThat(c.attempts()).isEqualTo(c.successes() + c.retries() + c.failures());
        assertThat(c.retries()).isPositive();
      }
      EndpointCounters generator = HttpModelClients.counters().get("generator");
      assertThat(generator.successes()).isEqualTo(responses.count());
      assertThat(generator.failures())
          .isEqualTo(failures.where(col("stage").equalTo("responses")).count());
      // Preferences: chosen beats rejected by at least the margin, texts differ.
      for (Row pair : sim.table(Tables.PREFERENCES).collectAsList()) {
        assertThat(pair.<Double>getAs("chosen_reward") - pair.<Double>getAs("rejected_reward"))
            .isGreaterThanOrEqualTo(0.25);
        assertThat(pair.<String>getAs("chosen")).isNotEqualTo(pair.getAs("rejected"));
      }
      assertThat(sim.table(Tables.RESPONSES).select("run_fingerprint").distinct().count())
          .isEqualTo(1);
    }
  }

  @Test
  void synthesizesPromptsWhenNothingIsImported() {
    // conf/families.yaml: 2 subtopics per topic, every family on with small counts.
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir)) {
      SdgConfig config =
          config(sim, "conf/families.yaml", "prompts.topics=3", "prompts.questions-per-topic=4");
      RunSummary summary = sim.run(config);
      Dataset<Row> topics = sim.table(Tables.TOPICS);
      assertThat(topics.where(col("parent_id").isNull()).count()).isEqualTo(3);
      assertThat(topics.count()).isEqualTo(9);
      Dataset<Row> prompts = sim.table(Tables.PROMPTS);
      // 6 subtopics: open Q&A 6 x 4 (+ as many revisions), writing 6 x 2 types (+ revisions),
      // closed Q&A 2 documents x 2, math the keywords the classifier kept x 2 levels, Python 2
      // keywords x 2 levels, instruction following 6 x 1 in each of its three variants, two-turn 4.
      long mathKeywords = sim.table(Tables.KEYWORDS).where(col("verdict").equalTo("yes")).count();
      assertThat(sim.table(Tables.KEYWORDS).count()).isEqualTo(3);
      assertThat(countByTask(prompts))
          .containsEntry("open_qa", 48L)
          .containsEntry("writing", 24L)
          .containsEntry("closed_qa", 4L)
          .containsEntry("math", 2 * mathKeywords)
          .containsEntry("python", 4L)
          .containsEntry("instruction_following", 6L)
          .containsEntry("instruction_following_multi_turn", 6L)
          .containsEntry("instruction_following_second_turn", 6L)
          .containsEntry("two_turn", 4L);
      assertThat(sim.table(Tables.DUPLICATES).count()).isZero();
      assertThat(prompts.where(col("parent_id").isNull()).count())
          .isEqualTo(2 * mathKeywords + 4); // math, python
      assertThat(prompts.select("model").first().getString(0)).contains("simulated");
      assertThat(
              prompts
                  .where(
                      col("sampling")
                          .isNull()
                          .or(col("seed").isNull())
                          .or(col("template_id").isNull())
                          .or(col("template_version").leq(0)))
                  .count())
          .isZero();
      // Revisions and second turns point at a prompt of the table.
      Dataset<Row> children =
          prompts.where(
              col("template_id")
                  .isin("revise-open-question", "revise-writing-task", "two-turn-followup"));
      assertThat(children.count()).isEqualTo(40);
      assertThat(
              children
                  .join(
                      prompts.select(col("prompt_id").as("pid")),
                      col("parent_id").equalTo(col("pid")))
                  .count())
          .isEqualTo(40);
      assertThat(
              prompts
                  .where(col("task").equalTo("closed_qa"))
                  .select("document_id")
                  .distinct()
                  .as(Encoders.STRING())
                  .collectAsList())
          .containsExactlyInAnyOrder("sourdough", "tidal-energy");
      for (Row r :
          prompts
              .where(col("task").equalTo("instruction_following"))
              .select("instructions")
              .collectAsList()) {
        assertThat(InstructionRegistry.listFromJson(r.getString(0))).hasSizeBetween(1, 3);
      }
      assertThat(
              prompts
                  .where(col("task").equalTo("two_turn"))
                  .select(size(col("messages")))
                  .distinct()
                  .as(Encoders.INT())
                  .collectAsList())
          .containsExactly(3);
      assertThat(sim.table(Tables.RESPONSES).count()).isEqualTo(2 * prompts.count());
      assertThat(summary.failures()).isZero();
      assertThat(sim.table(Tables.PREFERENCES).count()).isPositive();
    }
  }

  @Test
  void classifiesKeywordsBuildsInstructionConversationsAndRecordsMixCuts() {
    List<String> words =
        List.of(
            "fractions",
            "Paris",
            "probability",
            "the Moon",
            "vectors",
            "Mozart",
            "ratios",
            "limits");
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir)) {
      SdgConfig config =
          config(
              sim,
              "conf/families.yaml",
              "prompts.topics=2",
              "prompts.subtopics-per-topic=0",
              "prompts.questions-per-topic=2",
              "prompts.families.open-qa.enabled=false",
              "prompts.families.writing.enabled=false",
              "prompts.families.closed-qa.enabled=false",
              "prompts.families.python.enabled=false",
              "prompts.families.two-turn.enabled=false",
              "prompts.families.math.keywords=[" + String.join(", ", words) + "]",
              "prompts.families.math.levels=[middle school]",
              "prompts.families.math.classify-keywords=true",
              "prompts.families.instruction-following.enabled=false",
              "prompts.families.instruction-following.multi-turn={enabled: true, per-topic: 1}",
              "prompts.families.instruction-following.second-turn={enabled: true, per-topic: 1}",
              "prompts.mix={math: 1, instruction_following_multi_turn: 1,"
                  + " instruction_following_second_turn: 1}",
              "responses.per-prompt=1",
              "exports.enabled=false");
      RunSummary summary = sim.run(config);
      assertThat(summary.failures()).isZero();

      // Every listed entity got a verdict; "no" ones got no problems, "yes" ones one each.
      Dataset<Row> keywords = sim.table(Tables.KEYWORDS);
      assertThat(keywords.select("keyword").as(Encoders.STRING()).collectAsList())
          .containsExactlyInAnyOrderElementsOf(words);
      assertThat(keywords.select("family").distinct().as(Encoders.STRING()).collectAsList())
          .containsExactly("math");
      List<String> yes =
          keywords
              .where(col("verdict").equalTo("yes"))
              .select("keyword")
              .as(Encoders.STRING())
              .collectAsList();
      List<String> no =
          keywords
              .where(col("verdict").equalTo("no"))
              .select("keyword")
              .as(Encoders.STRING())
              .collectAsList();
      assertThat(no).isNotEmpty();
      assertThat(yes.size() + no.size()).isEqualTo(words.size());
      Dataset<Row> prompts = sim.table(Tables.PROMPTS);
      Dataset<Row> cuts = sim.table(Tables.MIX_CUTS);
      Dataset<Row> math =
          prompts
              .where(col("task").equalTo("math"))
              .select("prompt_id", "topic")
              .unionByName(cuts.where(col("task").equalTo("math")).select("prompt_id", "topic"));
      assertThat(math.select("topic").as(Encoders.STRING()).collectAsList())
          .containsExactlyInAnyOrderElementsOf(yes);

      // The mix keeps 2 of each family (each instruction variant has 2) and records the rest.
      assertThat(countByTask(prompts))
          .containsExactlyInAnyOrderEntriesOf(
              java.util.Map.of(
                  "math", 2L,
                  "instruction_following_multi_turn", 2L,
                  "instruction_following_second_turn", 2L));
      assertThat(countByTask(cuts))
          .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("math", (long) yes.size() - 2));
      assertThat(cuts.where(col("rank").leq(col("quota"))).count()).isZero();
      assertThat(
              cuts.join(
                      prompts.select(col("prompt_id").as("p_id")),
                      col("prompt_id").equalTo(col("p_id")))
                  .count())
          .isZero();
      assertThat(sim.table(Tables.DUPLICATES).count()).isZero();

      // Both variants: user, assistant, user, with verifiable instructions that were answered.
      Dataset<Row> conversations = prompts.where(col("task").startsWith("instruction_following_"));
      for (Row r : conversations.select("messages.role", "instructions").collectAsList()) {
        assertThat(r.<String>getList(0)).containsExactly("user", "assistant", "user");
        assertThat(InstructionRegistry.listFromJson(r.getString(1))).hasSizeBetween(1, 3);
      }
      assertThat(
              sim.table(Tables.RESPONSES)
                  .join(conversations, "prompt_id")
                  .select("prompt_id")
                  .distinct()
                  .count())
          .isEqualTo(4);
    }
  }

  private static java.util.Map<String, Long> countByTask(Dataset<Row> prompts) {
    java.util.Map<String, Long> counts = new java.util.TreeMap<>();
    for (Row r : prompts.groupBy("task").count().collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
    }
    return counts;
  }
}
