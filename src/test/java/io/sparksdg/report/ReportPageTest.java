package io.sparksdg.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReportPageTest {

  private static final Pattern RECT =
      Pattern.compile(
          "<rect class=\"bar\" x=\"[^\"]+\" y=\"[^\"]+\" width=\"([^\"]+)\" height=\"([^\"]+)\"");

  @Test
  void drawsOneBarPerBinWithHeightsProportionalToTheCounts() {
    Distribution d =
        new Distribution(
            "reward",
            9,
            0.0,
            2.0,
            1.0,
            0.0,
            1.0,
            2.0,
            new Bins(0, 0.5, 4),
            List.of(1L, 4L, 0L, 4L));
    List<Double> heights = heights(Svg.histogram(d));
    assertThat(heights).hasSize(4);
    assertThat(heights.get(1)).isEqualTo(heights.get(3)).isPositive();
    assertThat(heights.get(0))
        .isCloseTo(heights.get(1) / 4, org.assertj.core.api.Assertions.within(0.1));
    assertThat(heights.get(2)).isZero();
  }

  @Test
  void showsEverySectionAChartPerDistributionAndTheSimulatedBanner() {
    String page = ReportPage.render(Reports.sample(null));
    assertThat(page).startsWith("<!DOCTYPE html>");
    for (String id :
        List.of("funnel", "scores", "preferences", "tasks", "endpoints", "cost", "failures")) {
      assertThat(page).contains("<section id=\"" + id + "\">");
    }
    // 6 score histograms, the margins, pairs by judge, funnel, task mix, latency
    assertThat(count(page, "<svg class=\"chart\"")).isEqualTo(11);
    // 6 x 8 bins + 7 margin bins + 1 judge + 6 funnel steps + 2 tasks + 3 latency bars
    assertThat(count(page, "<rect class=\"bar\"")).isEqualTo(48 + 7 + 1 + 6 + 2 + 3);
    assertThat(page).contains("id=\"simulated\"").contains("simulated/simulated-reward");
    assertThat(page).contains("cost: not configured");
  }

  @Test
  void showsTheCostWhenConfiguredAndEscapesText() {
    String page = ReportPage.render(Reports.sample(0.25));
    assertThat(page).contains("cost: $0.2500").doesNotContain("cost: not configured");
    assertThat(page)
        .contains("Endpoint &#39;generator&#39; returned 400 for &lt;script&gt;")
        .doesNotContain("<script>");
  }

  @Test
  void fetchesNothing() {
    String page = ReportPage.render(Reports.sample(0.25));
    assertThat(page).doesNotContain("http://", "https://", "<script", "<link", "src=");
  }

  @Test
  void aRealRunHasNoBanner() {
    RunReport sample = Reports.sample(null);
    RunReport real =
        new RunReport(
            sample.fingerprint(),
            sample.generated(),
            sample.round(),
            false,
            List.of("meta/llama"),
            sample.funnel(),
            sample.scores(),
            Distribution.empty("margin"),
            java.util.Map.of(),
            sample.taskMix(),
            sample.endpoints(),
            sample.stages(),
            null,
            List.of(),
            null,
            null,
            List.of(),
            null,
            java.util.Map.of(),
            null);
    String page = ReportPage.render(real);
    assertThat(page)
        .doesNotContain("id=\"simulated\"")
        .contains("margin: no values")
        .contains("no failures");
  }

  @Test
  void listsEachReplicaOfAnEndpointWithSeveral() {
    RunReport sample = Reports.sample(null);
    EndpointFigures one = sample.endpoints().get(0);
    EndpointFigures fleet =
        new EndpointFigures(
            one.name(),
            one.requests(),
            one.successes(),
            one.retries(),
            one.failures(),
            one.retriesByClass(),
            one.failuresByClass(),
            one.promptTokens(),
            one.completionTokens(),
            one.latencyP50(),
            one.latencyP90(),
            one.latencyP99(),
            one.costUsd(),
            List.of(
                new EndpointFigures.ReplicaFigures("http://gpu-1:8000/v1", 9, 0, 12.5, 30.0, 32, 0),
                new EndpointFigures.ReplicaFigures(
                    "http://gpu-2:8000/v1", 5, 2, 14.0, null, 16, 3)));
    RunReport report =
        new RunReport(
            sample.fingerprint(),
            sample.generated(),
            sample.round(),
            sample.simulated(),
            sample.models(),
            sample.funnel(),
            sample.scores(),
            sample.margins(),
            sample.pairsByJudge(),
            sample.taskMix(),
            List.of(fleet),
            sample.stages(),
            sample.costUsd(),
            sample.failureReasons(),
            sample.runId(),
            sample.status(),
            sample.attempts(),
            sample.judges(),
            sample.pairDrops(),
            sample.dialogues());
    String page = ReportPage.render(report);
    assertThat(page)
        .contains("<th>replica</th>", "<th>ejections</th>", "gpu-1:8000/v1", "gpu-2:8000/v1")
        .doesNotContain("http://");
    assertThat(ReportPage.render(sample)).doesNotContain("<th>replica</th>");
  }

  private static List<Double> heights(String svg) {
    Matcher m = RECT.matcher(svg);
    List<Double> heights = new java.util.ArrayList<>();
    while (m.find()) {
      heights.add(Double.parseDouble(m.group(2)));
    }
    return heights;
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
