package io.sparksdg.spark.job;

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
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code target.accepted: 200} at an acceptance rate of about 30 % (the simulator's rewards against
 * {@code filter.min-reward}): exactly 200 {@code sft} rows, attempts within 15 % of what the
 * measured rate predicts, and a run stopped in its second round (by {@code run.max-budget}, as a
 * kill would stop it) and re-run ends with the same 200 ids without requesting any finished work
 * again. In the process tier: it runs the job three times (about 2-4 minutes on 2 cores).
 */
class SdgJobTargetIT extends SparkTestBase {

  private static final long N = 200;

  @TempDir Path dir;

  /** 150 imported prompts, 2 partitions, short responses, priced endpoints, no report. */
  private static SdgConfig config(SimulatedRun sim, Path out, String... overrides) {
    Path prompts = sim.importPrompts("t", 150, i -> "Targeted question number " + i + "?");
    List<String> all =
        new ArrayList<>(
            List.of(
                "output.report=false",
                "exports.enabled=false",
                "prompts.import=" + prompts,
                "run.partitions=2",
                "endpoints.generator.max-tokens=48",
                "endpoints.generator.price.input-per-mtok=3",
                "endpoints.generator.price.output-per-mtok=15",
                "endpoints.reward.price.input-per-mtok=1",
                "target.accepted=" + N));
    all.addAll(List.of(overrides));
    return sim.config("conf/local.yaml", out, all.toArray(String[]::new));
  }

  @Test
  void endsWithExactlyTheTargetAndAResumedRunKeepsTheSameIds() throws Exception {
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir)) {
      Path whole = dir.resolve("whole");
      sim.run(config(sim, whole));
      long wholeRequests = sim.requests();
      List<Row> rounds =
          sim.table(whole, TargetRounds.TABLE).orderBy("target_round").collectAsList();
      Row last = rounds.get(rounds.size() - 1);
      long attempts = last.getAs("attempts");
      long accepted = last.getAs("accepted");

      // p, the measured acceptance rate: every accepted response over every attempt of the run
      double p = accepted / (double) attempts;
      assertThat(p).isBetween(0.25, 0.35);
      assertThat(accepted).isGreaterThanOrEqualTo(N);
      // attempts within 15 % of N / p (they cannot be fewer: accepted >= N)
      assertThat((double) attempts).isLessThanOrEqualTo(1.15 * N / p);
      List<String> ids = ids(sim, whole);
      assertThat(ids).hasSize((int) N).doesNotHaveDuplicates();
      JsonNode rows =
          new ObjectMapper().readTree(whole.resolve("_summary.json").toFile()).get("rows");
      assertThat(rows.get("target_attempts").asLong()).isEqualTo(attempts);
      assertThat(rows.get("target_surplus").asLong()).isEqualTo(accepted - N);
      assertThat(rows.get("sft").asLong()).isEqualTo(N);
      // every attempt is one response and one score, and nothing else is requested
      assertThat(wholeRequests).isEqualTo(2 * attempts);
      double cost =
          new ObjectMapper()
              .readTree(whole.resolve("_metrics.json").toFile())
              .at("/total/cost-usd")
              .asDouble();

      // The same run stopped part-way (the budget runs out after about half its calls) ...
      Path resumed = dir.resolve("resumed");
      assertThatThrownBy(() -> sim.run(config(sim, resumed, "run.max-budget=" + cost / 2)))
          .isInstanceOf(BudgetSpentException.class);
      long stopped = sim.requests() - wholeRequests;
      assertThat(stopped).isBetween(1L, wholeRequests - 1);
      // the totals of the rounds done before the budget ran out are in _metrics.json
      JsonNode spent = new ObjectMapper().readTree(resumed.resolve("_metrics.json").toFile());
      assertThat(spent.at("/rows/target_shortfall").asLong()).isPositive();
      // ... and re-run: the same rounds, the same 200 ids, and no finished call made twice
      sim.run(config(sim, resumed));
      assertThat(sim.requests() - wholeRequests).isEqualTo(wholeRequests);
      assertThat(ids(sim, resumed)).isEqualTo(ids);
      assertThat(sim.table(resumed, TargetRounds.TABLE).orderBy("target_round").collectAsList())
          .hasToString(rounds.toString());
    }
  }

  private static List<String> ids(SimulatedRun sim, Path out) {
    return sim.table(out, Tables.SFT)
        .orderBy("response_id")
        .select("response_id")
        .as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList();
  }
}
