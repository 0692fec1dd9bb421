package io.sparksdg.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code index.html}: one self-contained page (inline CSS and SVG, no script, nothing fetched) that
 * shows a {@link RunReport}.
 */
public final class ReportPage {

  private static final String CSS =
      """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;margin:0;background:#f6f8fa}
      header{background:#24292f;color:#fff;padding:16px 28px}
      header h1{margin:0;font-size:20px} header p{margin:4px 0 0;color:#d0d7de}
      main{padding:8px 20px 40px;max-width:1200px;box-sizing:border-box}
      section{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:12px 18px;margin:16px 0}
      h2{font-size:16px;margin:4px 0 10px}
      .banner{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:10px 16px;margin:16px 0;font-weight:600}
      .banner.failed{background:#ffebe9;border-color:#cf222e} .banner.failed ol{margin:6px 0 0;font-weight:400}
      .wide{overflow-x:auto;max-width:100%}
      .grid{display:flex;flex-wrap:wrap;gap:12px}
      figure{margin:0} figcaption{font-size:12px;color:#57606a}
      svg.chart{font:11px system-ui,sans-serif;fill:#1f2328;overflow:visible;max-width:100%;height:auto}
      svg.chart rect.bar{fill:#4c78a8} svg.chart .axis{stroke:#8c959f;stroke-width:1}
      svg.chart .grid{stroke:#eaeef2;stroke-width:1} svg.chart .zero{stroke:#cf222e;stroke-width:1.5;stroke-dasharray:4 3}
      table{border-collapse:collapse;margin:6px 0;font-size:13px} th,td{border-bottom:1px solid #d8dee4;padding:4px 8px;text-align:right}
      th{vertical-align:bottom}
      th:first-child,td:first-child,td.text{text-align:left} td.text{max-width:640px;word-break:break-word}
      .empty,.note{color:#57606a;font-style:italic}
      """;

  private ReportPage() {}

  public static String render(RunReport r) {
    StringBuilder h = new StringBuilder(32_000);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>spark-sdg run report</title><style>")
        .append(CSS)
        .append("</style></head><body>");
    h.append("<header><h1>spark-sdg run report</h1><p>")
        .append(r.runId() == null ? "" : "run " + Html.escape(r.runId()) + " · ")
        .append("config fingerprint ")
        .append(Html.escape(r.fingerprint()))
        .append(r.round() == null ? "" : " · round " + r.round())
        .append(" · generated ")
        .append(Html.escape(toSecond(r.generated())))
        .append("</p></header><main>");
    failedBanner(h, r);
    if (r.simulated()) {
      h.append("<div class=\"banner\" id=\"simulated\">Simulated run: the models were the built-in")
          .append(" simulator (")
          .append(Html.escape(String.join(", ", r.models())))
          .append("). Its text and scores are placeholders for trying the pipeline out, not")
          .append(" training data.</div>");
    }
    funnel(h, r);
    scores(h, r);
    preferences(h, r);
    ReportSections.judges(h, r);
    ReportSections.dialogues(h, r);
    taskMix(h, r);
    endpoints(h, r);
    cost(h, r);
    ReportSections.attempts(h, r);
    failures(h, r);
    return h.append("</main></body></html>\n").toString();
  }

  /** A failed run says so first, with its top causes as they were (real numbers). */
  private static void failedBanner(StringBuilder h, RunReport r) {
    RunStatus st = r.status();
    if (st == null || !st.failed()) {
      return;
    }
    h.append("<div class=\"banner failed\" id=\"failed\">Failed run: ")
        .append(Html.escape(st.outcome()));
    if (!r.failureReasons().isEmpty()) {
      h.append(" Top causes:<ol>");
      r.failureReasons().stream()
          .limit(3)
          .forEach(
              f ->
                  h.append("<li>")
                      .append(Svg.number(f.count()))
                      .append(" × ")
                      .append(Html.escape(f.stage()))
                      .append(" ")
                      .append(Html.escape(f.errorClass()))
                      .append(": ")
                      .append(Html.escape(f.shown()))
                      .append("</li>"));
      h.append("</ol>");
    }
    h.append("</div>");
  }

  /** An ISO-8601 instant to the second: {@code 2026-12-04T10:13:10Z}. */
  static String toSecond(String instant) {
    try {
      return java.time.Instant.parse(instant)
          .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
          .toString();
    } catch (RuntimeException e) {
      return instant;
    }
  }

  private static void funnel(StringBuilder h, RunReport r) {
    open(h, "funnel", "Funnel");
    List<Svg.Bar> bars = new ArrayList<>();
    for (RunReport.FunnelStep s : r.funnel()) {
      bars.add(new Svg.Bar(s.step(), s.rows(), s.step() + " (" + s.table() + "): " + s.rows()));
    }
    h.append(bars.isEmpty() ? empty() : Svg.bars("Rows per stage", bars));
    h.append("</section>");
  }

  private static void scores(StringBuilder h, RunReport r) {
    open(h, "scores", "Reward model scores");
    h.append(
        "<p class=\"note\">The five attributes share one x-axis (the reward model's 0-4 scale)"
            + " and one y-axis, so their charts compare at a glance; the weighted reward has its"
            + " own.</p>");
    h.append("<div class=\"grid\">");
    long attributesMost =
        r.scores().stream()
            .filter(d -> !d.name().equals("reward"))
            .flatMap(d -> d.counts().stream())
            .mapToLong(Long::longValue)
            .max()
            .orElse(0);
    for (Distribution d : r.scores()) {
      figure(h, d, d.name().equals("reward") ? 0 : attributesMost, d.name() + ", ");
    }
    h.append("</div>");
    table(
        h,
        List.of("", "count", "min", "p10", "median", "p90", "max", "mean"),
        r.scores().stream()
            .map(
                d ->
                    List.of(
                        d.name(),
                        Svg.number(d.count()),
                        num(d.min()),
                        num(d.p10()),
                        num(d.p50()),
                        num(d.p90()),
                        num(d.max()),
                        num(d.mean())))
            .toList());
    h.append("</section>");
  }

  private static void preferences(StringBuilder h, RunReport r) {
    open(h, "preferences", "Preference pairs");
    h.append("<div class=\"grid\">");
    Distribution m = r.margins();
    figure(
        h,
        m,
        0,
        "margin (chosen reward − rejected reward), "
            + (m.min() != null && m.min() < 0
                ? "dashed line at 0. Pairs left of it were decided by a more trusted judge (ground"
                    + " truth, verifier, LLM judge, human) against the reward model; the RPO"
                    + " export leaves them out, DPO keeps them. "
                : ""));
    if (!r.pairsByJudge().isEmpty()) {
      h.append("<figure>")
          .append(Svg.bars("Pairs by judge", bars(r.pairsByJudge(), "pairs")))
          .append("<figcaption>pairs by judge</figcaption></figure>");
    }
    h.append("</div></section>");
  }

  private static void taskMix(StringBuilder h, RunReport r) {
    open(h, "tasks", "Task families");
    h.append(
        r.taskMix().isEmpty()
            ? empty()
            : Svg.bars("Prompts per task family", bars(r.taskMix(), "prompts")));
    h.append("</section>");
  }

  private static void endpoints(StringBuilder h, RunReport r) {
    open(h, "endpoints", "Endpoints");
    if (r.endpoints().isEmpty()) {
      h.append(empty()).append("</section>");
      return;
    }
    boolean priced = r.costUsd() != null;
    if (r.attempts().size() > 1) {
      h.append("<p class=\"note\">Totals of the ")
          .append(r.attempts().size())
          .append(" runs into this output root (each run is under <a href=\"#runs\">Runs</a>);")
          .append(" latency is the runs' percentiles weighted by their successful calls.</p>");
    }
    List<List<String>> rows = new ArrayList<>();
    List<Svg.Bar> latency = new ArrayList<>();
    for (EndpointFigures e : r.endpoints()) {
      rows.add(endpointRow(e, priced));
      latency.addAll(latencyBars(e));
    }
    List<String> head =
        new ArrayList<>(
            List.of(
                "endpoint",
                "requests",
                "successes",
                "retries",
                "failures",
                "prompt tokens",
                "completion tokens",
                "p50 ms",
                "p90 ms",
                "p99 ms"));
    if (priced) {
      head.add("cost");
    }
    table(h, head, rows);
    replicas(h, r);
    if (!latency.isEmpty()) {
      h.append("<figure>")
          .append(Svg.bars("Latency of successful calls (ms)", latency))
          .append("<figcaption>latency of successful calls, ms</figcaption></figure>");
    }
    errorClasses(h, r);
    h.append("</section>");
  }

  /** Each replica of endpoints whose base-url lists several. */
  private static void replicas(StringBuilder h, RunReport r) {
    List<List<String>> rows = new ArrayList<>();
    for (EndpointFigures e : r.endpoints()) {
      for (EndpointFigures.ReplicaFigures x : e.replicas()) {
        rows.add(
            List.of(
                e.name(),
                // the address only: the page links to nothing
                x.url().replaceFirst("^https?://", ""),
                Svg.number(x.requests()),
                Svg.number(x.errors()),
                num(x.latencyP50()),
                num(x.latencyP95()),
                Svg.number(x.limit()),
                Svg.number(x.ejections())));
      }
    }
    if (!rows.isEmpty()) {
      table(
          h,
          List.of(
              "endpoint",
              "replica",
              "requests",
              "errors",
              "p50 ms",
              "p95 ms",
              "in-flight limit",
              "ejections"),
          rows);
    }
  }

  private static List<String> endpointRow(EndpointFigures e, boolean priced) {
    List<String> row =
        new ArrayList<>(
            List.of(
                e.name(),
                Svg.number(e.requests()),
                Svg.number(e.successes()),
                Svg.number(e.retries()),
                Svg.number(e.failures()),
                Svg.number(e.promptTokens()),
                Svg.number(e.completionTokens()),
                num(e.latencyP50()),
                num(e.latencyP90()),
                num(e.latencyP99())));
    if (priced) {
      row.add(usd(e.costUsd()));
    }
    return row;
  }

  /** An endpoint's latency percentiles as bars, those it has. */
  private static List<Svg.Bar> latencyBars(EndpointFigures e) {
    List<Svg.Bar> bars = new ArrayList<>();
    String[] names = {"p50", "p90", "p99"};
    Double[] values = {e.latencyP50(), e.latencyP90(), e.latencyP99()};
    for (int i = 0; i < names.length; i++) {
      if (values[i] != null) {
        String label = e.name() + " " + names[i];
        bars.add(new Svg.Bar(label, values[i], label + ": " + num(values[i]) + " ms"));
      }
    }
    return bars;
  }

  /** Retried and failed calls per endpoint and error class. */
  private static void errorClasses(StringBuilder h, RunReport r) {
    List<List<String>> classes = new ArrayList<>();
    for (EndpointFigures e : r.endpoints()) {
      e.retriesByClass()
          .forEach((c, n) -> classes.add(List.of(e.name(), "retried", c, Svg.number(n))));
      e.failuresByClass()
          .forEach((c, n) -> classes.add(List.of(e.name(), "failed", c, Svg.number(n))));
    }
    h.append("<h3>Error classes</h3>");
    if (classes.isEmpty()) {
      h.append("<p class=\"note\">no retries and no failed calls</p>");
    } else {
      table(h, List.of("endpoint", "outcome", "error class", "calls"), classes);
    }
  }

  private static void cost(StringBuilder h, RunReport r) {
    open(h, "cost", "Tokens and cost");
    long prompt = r.endpoints().stream().mapToLong(EndpointFigures::promptTokens).sum();
    long completion = r.endpoints().stream().mapToLong(EndpointFigures::completionTokens).sum();
    h.append("<p>tokens: ")
        .append(Svg.number(prompt))
        .append(" prompt, ")
        .append(Svg.number(completion))
        .append(" completion. ")
        .append(
            r.costUsd() == null
                ? "<span id=\"cost\">cost: not configured</span>"
                : "<span id=\"cost\">cost: " + usd(r.costUsd()) + "</span>")
        .append("</p>");
    if (!r.stages().isEmpty()) {
      // no price, no cost column: "not configured" above says it once, never beside a $0
      boolean priced = r.costUsd() != null;
      table(
          h,
          priced
              ? List.of("stage", "prompt tokens", "completion tokens", "cost")
              : List.of("stage", "prompt tokens", "completion tokens"),
          r.stages().stream()
              .map(
                  s ->
                      priced
                          ? List.of(
                              s.stage(),
                              Svg.number(s.promptTokens()),
                              Svg.number(s.completionTokens()),
                              usd(s.costUsd()))
                          : List.of(
                              s.stage(),
                              Svg.number(s.promptTokens()),
                              Svg.number(s.completionTokens())))
              .toList());
    }
    h.append("</section>");
  }

  private static void failures(StringBuilder h, RunReport r) {
    open(h, "failures", "Top failure reasons");
    if (r.failureReasons().isEmpty()) {
      h.append("<p class=\"note\">no failures</p>");
    } else {
      h.append(
          "<p class=\"note\">Failures are grouped by stage, error class and message with its"
              + " numbers and ids masked; each group shows one of its messages as it was.</p>"
              + "<div class=\"wide\"><table><tr><th>stage</th><th>error class</th>"
              + "<th>message (an example)</th><th>records</th></tr>");
      for (FailureReason f : r.failureReasons()) {
        h.append("<tr><td>")
            .append(Html.escape(f.stage()))
            .append("</td><td class=\"text\">")
            .append(Html.escape(f.errorClass()))
            .append("</td><td class=\"text\">")
            .append(Html.escape(f.shown()))
            .append("</td><td>")
            .append(Svg.number(f.count()))
            .append("</td></tr>");
      }
      h.append("</table></div>");
    }
    h.append("</section>");
  }

  /**
   * @param yMax the y-axis top shared with other charts, or 0 for the chart's own
   * @param caption the caption's start, before the count of values
   */
  static void figure(StringBuilder h, Distribution d, long yMax, String caption) {
    h.append("<figure>");
    if (d.bins() == null) {
      h.append("<p class=\"empty\">").append(Html.escape(d.name())).append(": no values</p>");
    } else {
      h.append(Svg.histogram(d, yMax));
    }
    h.append("<figcaption>")
        .append(Html.escape(caption))
        .append(Svg.number(d.count()))
        .append(" values</figcaption></figure>");
  }

  static List<Svg.Bar> bars(Map<String, Long> counts, String unit) {
    return counts.entrySet().stream()
        .map(
            e ->
                new Svg.Bar(
                    e.getKey(), e.getValue(), e.getKey() + ": " + e.getValue() + " " + unit))
        .toList();
  }

  static void table(StringBuilder h, List<String> head, List<List<String>> rows) {
    h.append("<div class=\"wide\"><table><tr>");
    head.forEach(c -> h.append("<th>").append(Html.escape(c)).append("</th>"));
    h.append("</tr>");
    for (List<String> row : rows) {
      h.append("<tr>");
      row.forEach(c -> h.append("<td>").append(Html.escape(c)).append("</td>"));
      h.append("</tr>");
    }
    h.append("</table></div>");
  }

  static void open(StringBuilder h, String id, String title) {
    h.append("<section id=\"").append(id).append("\"><h2>").append(title).append("</h2>");
  }

  static String empty() {
    return "<p class=\"empty\">no data</p>";
  }

  static String num(Double x) {
    return x == null ? "–" : Svg.number(x);
  }

  static String usd(Double x) {
    return x == null ? "not configured" : String.format(Locale.ROOT, "$%,.4f", x);
  }
}
