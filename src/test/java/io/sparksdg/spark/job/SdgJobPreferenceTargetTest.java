package io.sparksdg.spark.job;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.spark.run.BudgetSpentException;
import io.sparksdg.spark.tables.Tables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code target: {accepted: 30, on: preferences}} on the simulator: an attempt is a prompt answered
 * twice ({@code responses.per-prompt: 2}), scored and paired by the reward model; {@code
 * preferences} ends with exactly 30 rows, and a run stopped by {@code run.max-budget} in its second
 * round and re-run ends with the same 30 pair ids without requesting any finished call again. Also:
 * prompts that make several pairs, each counted, and the LLM judge asked inside the rounds. About
 * 75 s for the three on a 2-core machine.
 */
class SdgJobPreferenceTargetTest extends SparkTestBase {

  static final long N = 30;

  @TempDir Path dir;

  /**
   * 80 imported prompts, 2 partitions, priced endpoints (answers not cut off: those are never
   * paired), no report.
   */
  static SdgConfig config(SimulatedRun sim, Path out, String... overrides) {
    Path prompts = sim.importPrompts("p", 80, i -> "Preference question number " + i + "?");
    List<String> all =
        new ArrayList<>(
            List.of(
                "output.report=false",
                "exports.enabled=false",
                "prompts.import=" + prompts,
                "run.partitions=2",
                "endpoints.generator.price.input-per-mtok=3",
                "endpoints.generator.price.output-per-mtok=15",
                "endpoints.reward.price.input-per-mtok=1",
                "target.accepted=" + N,
                "target.on=preferences"));
    all.addAll(List.of(overrides));
    return sim.config("conf/local.yaml", out, all.toArray(String[]::new));
  }

  @Test
  void endsWithExactlyTheTargetsPairsAndAResumedRunKeepsTheSameIds() throws Exception {
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir)) {
      Path whole = dir.resolve("whole");
      sim.run(config(sim, whole));
      long wholeRequests = sim.requests();
      List<Row> rounds =
          sim.table(whole, TargetRounds.TABLE).orderBy("target_round").collectAsList();
      assertThat(rounds).hasSizeGreaterThanOrEqualTo(2);
      Row last = rounds.get(rounds.size() - 1);
      long attempts = last.getAs("attempts");
      long accepted = last.getAs("accepted");

      // an attempt is a prompt with both its samples, scored; nothing else is asked (the reward
      // model judges, so no LLM judge calls)
      Dataset<Row> responses = sim.table(whole, Tables.RESPONSES);
      assertThat(responses.select("prompt_id").distinct().count()).isEqualTo(attempts);
      assertThat(responses.count()).isEqualTo(2 * attempts);
      assertThat(wholeRequests).isEqualTo(4 * attempts);
      // p, the measured rate: the rows of preferences (before the cut) the attempted prompts made,
      // over those prompts; the pilot was sized at target.expected-rate 0.5, so attempts within
      // 15 % of N / p means the later rounds were sized from the measurement
      double p = accepted / (double) attempts;
      assertThat(p).isBetween(0.1, 1.0);
      assertThat(accepted).isGreaterThanOrEqualTo(N);
      assertThat((double) attempts).isLessThanOrEqualTo(1.15 * N / p);

      List<String> ids = pairIds(sim, whole);
      assertThat(ids).hasSize((int) N).doesNotHaveDuplicates();
      JsonNode rows =
          new ObjectMapper().readTree(whole.resolve("_summary.json").toFile()).get("rows");
      assertThat(rows.get("target_attempts").asLong()).isEqualTo(attempts);
      assertThat(rows.get("target_surplus").asLong()).isEqualTo(accepted - N);
      assertThat(rows.get("preferences").asLong()).isEqualTo(N);
      assertCandidatesMarkTheSurplus(sim, whole, accepted - N);

      // The same run stopped in its second round by run.max-budget (spent at about the middle of
      // the second round's calls, a call costing about the same as any other) ...
      double cost =
          new ObjectMapper()
              .readTree(whole.resolve("_metrics.json").toFile())
              .at("/total/cost-usd")
              .asDouble();
      long first = rounds.get(0).getAs("attempts");
      double budget = cost * (first + (attempts - first) / 2.0) / attempts;
      Path resumed = dir.resolve("resumed");
      String maxBudget = String.format(Locale.ROOT, "run.max-budget=%.8f", budget);
      assertThatThrownBy(() -> sim.run(config(sim, resumed, maxBudget)))
          .isInstanceOf(BudgetSpentException.class);
      long stopped = sim.requests() - wholeRequests;
      assertThat(stopped).isBetween(1L, wholeRequests - 1);
      // ... and re-run: the same rounds, the same 30 pair ids, and no finished call made twice
      sim.run(config(sim, resumed));
      assertThat(sim.requests() - wholeRequests).isEqualTo(wholeRequests);
      assertThat(pairIds(sim, resumed)).isEqualTo(ids);
      assertThat(sim.table(resumed, TargetRounds.TABLE).orderBy("target_round").collectAsList())
          .hasToString(rounds.toString());
    }
  }

  /**
   * With {@code all-pairs} of 3 responses a prompt makes up to 3 rows, each counted: the rounds ask
   * for fewer prompts than rows, and the last one overshoots; the cut keeps 30 and {@code
   * pair_candidates} marks the others.
   */
  @Test
  void aPromptMakingSeveralPairsCountsEachAndTheCutMarksTheSurplus() throws Exception {
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir)) {
      sim.run(
          config(
              sim,
              sim.out(),
              "responses.per-prompt=3",
              "preferences.strategy=all-pairs",
              "target.expected-rate=2"));
      List<Row> rounds = sim.table(TargetRounds.TABLE).orderBy("target_round").collectAsList();
      Row last = rounds.get(rounds.size() - 1);
      long attempts = last.getAs("attempts");
      long accepted = last.getAs("accepted");
      // the pilot: half of 30 / 2 prompts; more rows than prompts
      assertThat(rounds.get(0).<Long>getAs("attempts")).isEqualTo(8);
      assertThat(accepted).isGreaterThan(attempts).isGreaterThan(N);
      assertThat(sim.table(Tables.RESPONSES).count()).isEqualTo(3 * attempts);
      assertThat(pairIds(sim, sim.out())).hasSize((int) N).doesNotHaveDuplicates();
      JsonNode rows =
          new ObjectMapper().readTree(sim.out().resolve("_summary.json").toFile()).get("rows");
      assertThat(rows.get("target_surplus").asLong()).isEqualTo(accepted - N);
      assertCandidatesMarkTheSurplus(sim, sim.out(), accepted - N);
    }
  }

  /**
   * With the LLM judge deciding (an endpoint of its own, so it is asked as the responses arrive), a
   * prompt's pair is judged once its responses are scored, and each round's judgements step finds
   * it done: each pair asked twice (positions swapped), never again in a later round.
   */
  @Test
  void theLlmJudgeIsAskedInTheRoundsOnceForEachPair() {
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir)) {
      sim.run(
          config(
              sim,
              sim.out(),
              "endpoints.judge.base-url=" + sim.simulator().baseUrl(),
              "endpoints.judge.model=simulated-judge",
              "endpoints.judge.kind=chat",
              "preferences.judges=[llm-judge]",
              "preferences.llm-judge=judge"));
      List<Row> rounds = sim.table(TargetRounds.TABLE).orderBy("target_round").collectAsList();
      assertThat(rounds).hasSizeGreaterThanOrEqualTo(2);
      long attempts = rounds.get(rounds.size() - 1).getAs("attempts");
      assertThat(sim.table(Tables.PREFERENCES).count()).isEqualTo(N);
      assertThat(sim.table(Tables.PREFERENCES).select("judge").distinct().collectAsList())
          .extracting(r -> r.getString(0))
          .containsExactly("llm_judge");
      // per prompt: 2 responses, 2 scores, and its one pair judged (one row, asked twice)
      assertThat(sim.table(Tables.JUDGEMENTS).count()).isEqualTo(attempts);
      assertThat(sim.requests()).isEqualTo(6 * attempts);
    }
  }

  /**
   * {@code pair_candidates} keeps every candidate: those kept are the rows of {@code preferences},
   * and the {@code surplus} kept pairs the cut left out are marked as not kept, with the reason.
   */
  private static void assertCandidatesMarkTheSurplus(SimulatedRun sim, Path out, long surplus) {
    Dataset<Row> candidates = sim.table(out, Tables.PAIR_CANDIDATES);
    assertThat(candidates.where(col("kept")).count()).isEqualTo(N);
    assertThat(candidates.where(col("drop_reason").startsWith("over target.accepted 30")).count())
        .isEqualTo(surplus);
    assertThat(
            candidates
                .where(col("kept"))
                .select("pair_id")
                .orderBy("pair_id")
                .as(Encoders.STRING())
                .collectAsList())
        .isEqualTo(pairIds(sim, out));
  }

  private static List<String> pairIds(SimulatedRun sim, Path out) {
    return sim.table(out, Tables.PREFERENCES)
        .select("pair_id")
        .orderBy("pair_id")
        .as(Encoders.STRING())
        .collectAsList();
  }
}
