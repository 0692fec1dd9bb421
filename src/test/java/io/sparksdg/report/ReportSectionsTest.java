package io.sparksdg.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report of a failed run, of a resumed run, and of a run with judges and dialogues. */
class ReportSectionsTest {

  private static EndpointFigures endpoint(String name, long requests, Double p50, Double cost) {
    return new EndpointFigures(
        name,
        requests,
        requests,
        0,
        0,
        Map.of(),
        Map.of(),
        requests * 10,
        requests * 20,
        p50,
        p50 == null ? null : p50 * 2,
        p50 == null ? null : p50 * 3,
        cost);
  }

  /** The sample report with the given extra figures. */
  private static RunReport with(
      RunReport s,
      Double cost,
      List<FailureReason> reasons,
      RunStatus status,
      List<RunAttempt> attempts,
      JudgeFigures judges,
      Map<String, Long> drops,
      DialogueFigures dialogues,
      Distribution margins) {
    return new RunReport(
        s.fingerprint(),
        "2026-12-04T10:13:10.123456789Z",
        s.round(),
        s.simulated(),
        s.models(),
        s.funnel(),
        s.scores(),
        margins == null ? s.margins() : margins,
        s.pairsByJudge(),
        s.taskMix(),
        s.endpoints(),
        s.stages().isEmpty() ? List.of(new StageCost("responses", 1200, 3400, 0.0)) : s.stages(),
        cost,
        reasons == null ? s.failureReasons() : reasons,
        "20261204T101310Z-abc123",
        status,
        attempts,
        judges,
        drops,
        dialogues);
  }

  @Test
  void aFailedRunHasABannerWithItsTopCausesAndTheirRealNumbers() {
    FailureReason cause =
        new FailureReason(
            "responses",
            "server_error",
            FailureReason.normalize("failed after 4 attempts: 501 Unsupported method ('POST')"),
            1,
            "failed after 4 attempts: 501 Unsupported method ('POST')");
    RunReport r =
        with(
            Reports.sample(null),
            null,
            List.of(cause),
            new RunStatus(
                true,
                "1 of 1 records failed (100.0%), over run.error-budget 5.0%.",
                1,
                1,
                1.0,
                0.05),
            List.of(),
            null,
            Map.of(),
            null,
            null);
    String page = ReportPage.render(r);
    assertThat(page)
        .contains("<div class=\"banner failed\" id=\"failed\">Failed run: 1 of 1 records failed")
        .contains("<li>1 × responses server_error: failed after 4 attempts: 501 Unsupported method")
        .doesNotContain("failed after &lt;n&gt; attempts");
    // grouping still uses the masked message
    assertThat(ReportJson.write(r)).contains("\"message\" : \"failed after <n> attempts");
    assertThat(ReportJson.write(r)).contains("\"example\" : \"failed after 4 attempts: 501");
  }

  @Test
  void aSuccessfulRunHasNoFailedBanner() {
    RunReport sample = Reports.sample(null);
    assertThat(ReportPage.render(sample)).doesNotContain("id=\"failed\"");
  }

  @Test
  void headerShowsTheRunIdApartFromTheFingerprintAndTheTimeToTheSecond() {
    RunReport r =
        with(Reports.sample(null), null, null, null, List.of(), null, Map.of(), null, null);
    assertThat(ReportPage.render(r))
        .contains("run 20261204T101310Z-abc123 · config fingerprint fp123")
        .contains("generated 2026-12-04T10:13:10Z")
        .doesNotContain("10:13:10.123");
  }

  @Test
  void noDollarFiguresBesideCostNotConfigured() {
    RunReport r =
        with(Reports.sample(null), null, null, null, List.of(), null, Map.of(), null, null);
    String page = ReportPage.render(r);
    assertThat(page).contains("cost: not configured").doesNotContain("$0.0000");
    String cost = page.substring(page.indexOf("<section id=\"cost\">"));
    assertThat(cost.substring(0, cost.indexOf("</section>"))).doesNotContain("<th>cost</th>");
  }

  @Test
  void attributeHistogramsShareTheirScaleAndYAxesHaveRoundTicks() {
    String page = ReportPage.render(Reports.sample(null));
    // every attribute's largest bin is 3: ticks 1, 2, 3 on each of the six histograms
    for (String tick : List.of(">1</text>", ">2</text>", ">3</text>")) {
      assertThat(count(page, tick)).as(tick).isGreaterThanOrEqualTo(6);
    }
    assertThat(Svg.tickStep(3)).isEqualTo(1);
    assertThat(Svg.tickStep(7)).isEqualTo(2);
    assertThat(Svg.tickStep(40)).isEqualTo(10);
    assertThat(Svg.tickStep(230)).isEqualTo(50);
    assertThat(page).contains("share one x-axis");
  }

  @Test
  void theMarginChartDrawsAZeroLineWithACaptionWhenMarginsRunBelowZero() {
    Distribution margins =
        new Distribution(
            "margin",
            5,
            -1.5,
            2.0,
            0.5,
            -1.0,
            0.5,
            1.8,
            new Bins(-1.5, 0.5, 7),
            List.of(1L, 1L, 0L, 0L, 1L, 1L, 1L));
    RunReport r =
        with(Reports.sample(null), null, null, null, List.of(), null, Map.of(), null, margins);
    String page = ReportPage.render(r);
    // x of 0 on a 284 px plot from -1.5 to 2.0: 44 + 284 * 1.5 / 3.5
    assertThat(page).contains("<line class=\"zero\" x1=\"165.7\"");
    assertThat(page).contains("dashed line at 0. Pairs left of it were decided by a more trusted");
    assertThat(ReportPage.render(Reports.sample(null))).doesNotContain("class=\"zero\"");
  }

  @Test
  void judgesDialoguesAndPairDropsHaveTheirSections() {
    Map<String, Long> verdicts = new LinkedHashMap<>();
    verdicts.put("a", 16L);
    verdicts.put("b", 12L);
    verdicts.put("inconsistent", 11L);
    JudgeFigures judges =
        new JudgeFigures(
            39,
            verdicts,
            Map.of("llm_judge", 39L, "reward_model", 49L),
            Map.of("llm_judge", 28L, "reward_model", 33L));
    Map<String, Long> drops = new LinkedHashMap<>();
    drops.put("inconsistent_verdict", 11L);
    drops.put("margin_below_min", 16L);
    DialogueFigures dialogues =
        new DialogueFigures(
            62,
            50,
            Map.of("normal", 31L, "concise", 31L),
            Map.of("reward_below_threshold", 12L),
            Reports.sample(null).scores().get(5));
    RunReport r =
        with(Reports.sample(null), null, null, null, List.of(), judges, drops, dialogues, null);
    String page = ReportPage.render(r);
    assertThat(page)
        .contains("<section id=\"judges\">")
        .contains("39 pairs asked twice")
        .contains("28 agreed with themselves (71.8%), <strong>11 inconsistent</strong>")
        .contains("<td>llm_judge</td><td>39</td><td>28</td><td>11</td>")
        .contains("27 of 88 pair candidates did not become preference pairs")
        .contains("<td>margin_below_min</td><td>16</td>")
        .contains("<section id=\"dialogues\">")
        .contains("62 multi-turn dialogues; 50 kept for SFT")
        .contains("<td>reward_below_threshold</td><td>12</td>");
    String json = ReportJson.write(r);
    assertThat(json).contains("\"inconsistent\" : 11").contains("\"dialogues\" : 62");
    assertThat(ReportJson.read(json).judges().inconsistent()).isEqualTo(11);
  }

  @Test
  void aResumedRunShowsEachRunAndTheirTotal() {
    List<RunAttempt> attempts =
        List.of(
            new RunAttempt(
                "run-1",
                "2026-12-04T10:15:02Z",
                0.02,
                List.of(
                    endpoint("generator", 67, 46.0, 0.015), endpoint("reward", 60, 28.0, 0.005))),
            new RunAttempt(
                "run-2",
                "2026-12-04T10:20:00Z",
                0.0,
                List.of(endpoint("generator", 0, null, 0.0), endpoint("reward", 0, null, 0.0))));
    RunReport r =
        with(Reports.sample(0.02), 0.02, null, null, attempts, null, Map.of(), null, null);
    String page = ReportPage.render(r);
    assertThat(page)
        .contains("<section id=\"runs\">")
        .contains("<td>run-1</td><td>2026-12-04T10:15:02Z</td><td>127</td><td>1,270</td>")
        .contains("generator 46 / 138; reward 28 / 84")
        .contains("<td>run-2</td><td>2026-12-04T10:20:00Z</td><td>0</td>")
        .contains("generator no successful calls; reward no successful calls")
        .contains("<td>total (2 runs)</td>");
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
