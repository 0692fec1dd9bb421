package io.sparksdg.spark.run;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.report.Distribution;
import io.sparksdg.report.FailureReason;
import io.sparksdg.report.ReportJson;
import io.sparksdg.report.RunReport;
import io.sparksdg.sim.Faults;
import io.sparksdg.spark.job.SimulatedRun;
import io.sparksdg.spark.job.SparkTestBase;
import io.sparksdg.spark.tables.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run report's figures agree with the tables a run wrote, and regenerating gives the same. */
class RunReportsTest extends SparkTestBase {

  @TempDir Path dir;

  @Test
  void reportFiguresAgreeWithTheTables() throws Exception {
    Path out = dir.resolve("out");
    Faults faults = new Faults(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, List.of("REJECT-ME"));
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir, faults, 5)) {
      Path prompts =
          sim.importPrompts(
              "r",
              16,
              i -> i % 8 == 0 ? "REJECT-ME question " + i : "Question " + i + " about rivers?");
      sim.run(
          sim.config(
              "conf/local.yaml",
              "prompts.import=" + prompts,
              "responses.per-prompt=3",
              "preferences.min-margin=0",
              "exports.enabled=false",
              "run.error-budget=1",
              "run.partitions=2"));
    }

    RunReport report = ReportJson.read(Files.readString(out.resolve("_report/report.json")));
    assertThat(out.resolve("_report/index.html")).content().contains("<svg class=\"chart\"");

    // funnel: the rows of each table
    Map<String, Long> funnel = new HashMap<>();
    report.funnel().forEach(s -> funnel.put(s.table(), s.rows()));
    for (String t :
        List.of(Tables.PROMPTS, Tables.RESPONSES, Tables.SCORES, Tables.SFT, Tables.PREFERENCES)) {
      assertThat(funnel.get(t)).as(t).isEqualTo(table(out, t).count());
    }
    assertThat(funnel.get(Tables.FAILURES))
        .isEqualTo(table(out, Tables.FAILURES).count())
        .isEqualTo(2 * 3);
    assertThat(funnel.get(Tables.RESPONSES)).isEqualTo(14 * 3);

    // histograms and percentiles of the scores, checked against the collected values
    List<Row> scores = table(out, Tables.SCORES).collectAsList();
    assertThat(report.scores()).extracting(Distribution::name).isEqualTo(RunReport.SCORE_COLUMNS);
    for (Distribution d : report.scores()) {
      List<Double> values = new ArrayList<>();
      for (Row r : scores) {
        Object v = r.getAs(d.name());
        if (v != null) {
          values.add(((Number) v).doubleValue());
        }
      }
      checkDistribution(d, values);
    }
    List<Double> margins = new ArrayList<>();
    table(out, Tables.PREFERENCES)
        .select("margin")
        .collectAsList()
        .forEach(r -> margins.add(r.getDouble(0)));
    assertThat(margins).isNotEmpty();
    checkDistribution(report.margins(), margins);

    assertThat(report.taskMix()).containsExactly(Map.entry("imported", 16L));
    assertThat(report.pairsByJudge().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(margins.size());
    assertThat(report.simulated()).isTrue();
    assertThat(report.models()).contains("simulated/simulated-instruct");

    // endpoints, from _metrics.json
    assertThat(report.endpoints()).extracting(e -> e.name()).containsExactly("generator", "reward");
    assertThat(report.endpoints().get(0).successes()).isEqualTo(funnel.get(Tables.RESPONSES));
    assertThat(report.endpoints().get(0).failuresByClass()).containsEntry("rejected", 6L);
    assertThat(report.endpoints().get(0).latencyP50()).isPositive();
    assertThat(report.costUsd()).isNull();

    // failure reasons: the responses to both rejected prompts share one reason
    assertThat(report.failureReasons()).hasSize(1);
    FailureReason reason = report.failureReasons().get(0);
    assertThat(reason.stage()).isEqualTo(Tables.RESPONSES);
    assertThat(reason.errorClass()).isEqualTo("rejected");
    assertThat(reason.count()).isEqualTo(2 * 3);
    String message =
        table(out, Tables.FAILURES)
            .where(col("stage").equalTo(Tables.RESPONSES))
            .first()
            .getAs("message");
    assertThat(reason.message()).isEqualTo(FailureReason.normalize(message));

    // regenerating from the output root alone gives the same figures
    Files.delete(out.resolve("_report/report.json"));
    new RunReports(spark(), out.toString()).write();
    RunReport again = ReportJson.read(Files.readString(out.resolve("_report/report.json")));
    assertThat(again.funnel()).isEqualTo(report.funnel());
    assertThat(again.scores()).isEqualTo(report.scores());
    assertThat(again.failureReasons()).isEqualTo(report.failureReasons());
  }

  /**
   * Counts per bin, by the bin edges; min, max, mean; percentiles as the least value at or below
   * which q of the values lie.
   */
  private static void checkDistribution(Distribution d, List<Double> values) {
    assertThat(d.count()).as(d.name()).isEqualTo(values.size()).isPositive();
    values.sort(Comparator.naturalOrder());
    assertThat(d.min()).isEqualTo(values.get(0));
    assertThat(d.max()).isEqualTo(values.get(values.size() - 1));
    assertThat(d.mean())
        .isCloseTo(
            values.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
            org.assertj.core.api.Assertions.within(1e-9));
    assertThat(d.p10()).isEqualTo(values.get((int) Math.ceil(0.1 * values.size()) - 1));
    assertThat(d.p50()).isEqualTo(values.get((int) Math.ceil(0.5 * values.size()) - 1));
    assertThat(d.p90()).isEqualTo(values.get((int) Math.ceil(0.9 * values.size()) - 1));
    long[] expected = new long[d.bins().count()];
    for (double v : values) {
      int i = 0;
      while (i < expected.length - 1 && v >= d.bins().edge(i + 1)) {
        i++;
      }
      expected[i]++;
    }
    assertThat(d.counts())
        .as(d.name())
        .containsExactly(java.util.Arrays.stream(expected).boxed().toArray(Long[]::new));
    assertThat(d.bins().lo()).isLessThanOrEqualTo(d.min());
    assertThat(d.bins().hi()).isGreaterThanOrEqualTo(d.max());
  }

  private Dataset<Row> table(Path out, String name) {
    return spark().read().parquet(out.resolve(name).toString());
  }
}
