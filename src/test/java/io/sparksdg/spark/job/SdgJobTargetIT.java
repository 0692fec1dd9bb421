package io.sparksdg.spark.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparksdg.spark.run.BudgetSpentException;
import java.nio.file.Path;
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

  private static final long N = SdgJobTargetTest.N;

  @TempDir Path dir;

  @Test
  void endsWithExactlyTheTargetAndAResumedRunKeepsTheSameIds() throws Exception {
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir)) {
      Path whole = dir.resolve("whole");
      sim.run(SdgJobTargetTest.config(sim, whole));
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
      List<String> ids = SdgJobTargetTest.ids(sim, whole);
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
      assertThatThrownBy(
              () -> sim.run(SdgJobTargetTest.config(sim, resumed, "run.max-budget=" + cost / 2)))
          .isInstanceOf(BudgetSpentException.class);
      long stopped = sim.requests() - wholeRequests;
      assertThat(stopped).isBetween(1L, wholeRequests - 1);
      // the totals of the rounds done before the budget ran out are in _metrics.json
      JsonNode spent = new ObjectMapper().readTree(resumed.resolve("_metrics.json").toFile());
      assertThat(spent.at("/rows/target_shortfall").asLong()).isPositive();
      // ... and re-run: the same rounds, the same 200 ids, and no finished call made twice
      sim.run(SdgJobTargetTest.config(sim, resumed));
      assertThat(sim.requests() - wholeRequests).isEqualTo(wholeRequests);
      assertThat(SdgJobTargetTest.ids(sim, resumed)).isEqualTo(ids);
      assertThat(sim.table(resumed, TargetRounds.TABLE).orderBy("target_round").collectAsList())
          .hasToString(rounds.toString());
    }
  }
}
