package io.sparksdg.report;

import java.util.List;
import java.util.Map;

/** A small report with known figures, for the JSON and page tests. */
final class Reports {

  private Reports() {}

  static RunReport sample(Double cost) {
    Bins unit = new Bins(0, 0.5, 8);
    List<Distribution> scores =
        RunReport.SCORE_COLUMNS.stream()
            .map(
                c ->
                    new Distribution(
                        c,
                        10,
                        0.2,
                        3.9,
                        2.1,
                        0.5,
                        2.0,
                        3.5,
                        unit,
                        List.of(1L, 0L, 2L, 3L, 0L, 1L, 2L, 1L)))
            .toList();
    Distribution margins =
        new Distribution(
            "margin",
            4,
            0.3,
            1.4,
            0.8,
            0.3,
            0.7,
            1.4,
            new Bins(0.2, 0.2, 7),
            List.of(1L, 0L, 1L, 1L, 0L, 0L, 1L));
    return new RunReport(
        "fp123",
        "2026-11-27T12:00:00Z",
        1,
        true,
        List.of("simulated/simulated-instruct", "simulated/simulated-reward"),
        List.of(
            new RunReport.FunnelStep("prompts", "prompts", 5),
            new RunReport.FunnelStep("responses", "responses", 10),
            new RunReport.FunnelStep("scored", "scores", 10),
            new RunReport.FunnelStep("kept for SFT", "sft", 6),
            new RunReport.FunnelStep("preference pairs", "preferences", 4),
            new RunReport.FunnelStep("failures", "failures", 2)),
        scores,
        margins,
        Map.of("reward_model", 4L),
        Map.of("open_qa", 3L, "math", 2L),
        List.of(
            new EndpointFigures(
                "generator",
                14,
                10,
                3,
                1,
                Map.of("server_error", 3L),
                Map.of("rejected", 1L),
                1200,
                3400,
                12.5,
                40.0,
                88.1,
                cost == null ? null : cost / 2)),
        cost == null ? List.of() : List.of(new StageCost("responses", 1200, 3400, cost / 2)),
        cost,
        List.of(
            new FailureReason(
                "responses",
                "rejected",
                "Endpoint '…' returned <n> for <script>",
                2,
                "Endpoint 'generator' returned 400 for <script>")),
        "20261127T120000Z-abc123",
        new RunStatus(
            false,
            "2 of 12 records failed (16.7%), within run.error-budget 20.0%.",
            12,
            2,
            2.0 / 12,
            0.2),
        List.of(),
        null,
        Map.of(),
        null);
  }
}
