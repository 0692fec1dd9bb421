package io.sparksdg.spark.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.sim.Simulator;
import io.sparksdg.sim.SimulatorOptions;
import io.sparksdg.spark.tables.Tables;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf/genrm.yaml with a third simulator as the GenRM: every pair the GenRM keeps agrees with the
 * ranking it stated in both orders, and the pairs whose orders disagree are in {@code judgements}
 * and never in {@code preferences}.
 */
class SdgJobGenRmTest extends SparkTestBase {

  @TempDir Path dir;

  @Test
  void genRmPairsAgreeWithBothStatedRankingsAndDisagreementsPairNothing() throws Exception {
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir);
        Simulator genrm = Simulator.start(SimulatorOptions.defaults())) {
      Path prompts = sim.importPrompts("g", 20, i -> "GenRM question number " + i + "?");
      sim.run(
          sim.config(
              "conf/genrm.yaml",
              "output.report=false",
              "prompts.import=" + prompts,
              "prompts.extra-imports=[]",
              "endpoints.genrm.base-url=" + genrm.baseUrl(),
              "preferences.judges=[genrm, reward-model]",
              "preferences.max-pairs-per-prompt=3",
              "preferences.strategy=all-pairs"));

      List<Row> judgements = sim.table(Tables.JUDGEMENTS).collectAsList();
      // 20 prompts, 3 responses each: 3 pairs a prompt, each asked twice
      assertThat(judgements).hasSize(60);
      assertThat(genrm.stats().requests()).isEqualTo(120);
      Map<String, Row> byPair = new HashMap<>();
      for (Row j : judgements) {
        assertThat(j.<Integer>getAs("first_ranking")).isBetween(1, 6);
        assertThat(j.<Integer>getAs("swapped_ranking")).isBetween(1, 6);
        assertThat(j.<Integer>getAs("first_score_a")).isBetween(1, 5);
        assertThat(j.<String>getAs("reasoning_first")).contains("Analysis on Response 1");
        assertThat(j.<String>getAs("judge_model")).isEqualTo("simulated/simulated-genrm");
        byPair.put(j.getAs("response_aid") + "|" + j.getAs("response_bid"), j);
      }

      List<Row> preferences = sim.table(Tables.PREFERENCES).collectAsList();
      assertThat(preferences).isNotEmpty();
      for (Row p : preferences) {
        assertThat(p.<String>getAs("judge")).isEqualTo("genrm");
        String chosen = p.getAs("chosen_response_id");
        String rejected = p.getAs("rejected_response_id");
        boolean chosenIsA = chosen.compareTo(rejected) < 0;
        Row j = byPair.get(chosenIsA ? chosen + "|" + rejected : rejected + "|" + chosen);
        assertThat(j).as("judgement of %s over %s", chosen, rejected).isNotNull();
        int first = j.getAs("first_ranking");
        int swapped = j.getAs("swapped_ranking");
        // with a shown first, 1-3 prefer a; with b shown first, 1-3 prefer b
        assertThat(first <= 3).isEqualTo(chosenIsA);
        assertThat(swapped <= 3).isEqualTo(!chosenIsA);
        assertThat(j.<String>getAs("verdict")).isEqualTo(chosenIsA ? "a" : "b");
      }

      List<Row> disagreeing =
          judgements.stream().filter(j -> "inconsistent".equals(j.getAs("verdict"))).toList();
      assertThat(disagreeing).isNotEmpty();
      for (Row j : disagreeing) {
        String a = j.getAs("response_aid");
        String b = j.getAs("response_bid");
        // both orders preferred the response shown first, or both the one shown second
        assertThat(j.<Integer>getAs("first_ranking") <= 3)
            .isEqualTo(j.<Integer>getAs("swapped_ranking") <= 3);
        assertThat(preferences)
            .noneMatch(
                p ->
                    List.of(a, b).contains(p.<String>getAs("chosen_response_id"))
                        && List.of(a, b).contains(p.<String>getAs("rejected_response_id")));
      }
      long dropped =
          sim.table(Tables.PAIR_CANDIDATES)
              .filter("drop_reason like 'genrm: positions disagree%'")
              .count();
      assertThat(dropped).isEqualTo(disagreeing.size());
    }
  }
}
