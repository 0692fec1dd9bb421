package io.sparksdg.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report's sections on judges, pair drops, dialogues and the runs of an output root. */
final class ReportSections {

  private ReportSections() {}

  /** The LLM judge's agreement and verdicts, pair candidates per judge, and why pairs dropped. */
  static void judges(StringBuilder h, RunReport r) {
    JudgeFigures j = r.judges();
    ReportPage.open(h, "judges", "Judges");
    if (j.judgements() > 0) {
      h.append("<p id=\"llm-judge\">LLM judge: ")
          .append(Svg.number(j.judgements()))
          .append(" pairs asked twice with the responses swapped; ")
          .append(
              String.format(
                  Locale.ROOT,
                  "%s agreed with themselves (%.1f%%), <strong>%s inconsistent</strong>",
                  Svg.number(j.judgements() - j.inconsistent()),
                  100 * j.agreement(),
                  Svg.number(j.inconsistent())))
          .append(" (the verdict flipped with the order; such pairs are not used).</p>");
      ReportPage.table(h, List.of("verdict", "judgements"), rows(j.verdicts()));
    } else {
      h.append("<p class=\"note\">no LLM judge in this run</p>");
    }
    if (!j.candidatesByJudge().isEmpty()) {
      h.append("<h3>Pair candidates by judge</h3>");
      List<List<String>> rows = new ArrayList<>();
      j.candidatesByJudge()
          .forEach(
              (judge, n) -> {
                long kept = j.keptByJudge().getOrDefault(judge, 0L);
                rows.add(
                    List.of(
                        judge,
                        Svg.number(n),
                        Svg.number(kept),
                        Svg.number(n - kept),
                        String.format(Locale.ROOT, "%.1f%%", n == 0 ? 0 : 100.0 * kept / n)));
              });
      ReportPage.table(h, List.of("judge", "candidates", "kept", "dropped", "kept share"), rows);
    }
    h.append("<h3 id=\"pair-drops\">Pair candidates dropped, by reason</h3>");
    if (r.pairDrops().isEmpty()) {
      h.append("<p class=\"note\">none dropped</p>");
    } else {
      long dropped = r.pairDrops().values().stream().mapToLong(Long::longValue).sum();
      long all = j.candidatesByJudge().values().stream().mapToLong(Long::longValue).sum();
      h.append("<p>")
          .append(Svg.number(dropped))
          .append(all > 0 ? " of " + Svg.number(all) : "")
          .append(" pair candidates did not become preference pairs:</p>");
      ReportPage.table(h, List.of("reason", "candidates"), rows(r.pairDrops()));
    }
    h.append("</section>");
  }

  static void dialogues(StringBuilder h, RunReport r) {
    DialogueFigures d = r.dialogues();
    ReportPage.open(h, "dialogues", "Dialogues");
    if (d.dialogues() == 0) {
      h.append("<p class=\"note\">no dialogues in this run</p></section>");
      return;
    }
    h.append("<p>")
        .append(Svg.number(d.dialogues()))
        .append(" multi-turn dialogues; ")
        .append(Svg.number(d.kept()))
        .append(" kept for SFT (reward at or above the threshold), ")
        .append(Svg.number(d.dialogues() - d.kept()))
        .append(" dropped.</p><div class=\"grid\">");
    ReportPage.figure(h, d.reward(), 0, "reward of whole dialogues, ");
    h.append("</div>");
    ReportPage.table(h, List.of("persona", "dialogues"), rows(d.byPersona()));
    if (!d.dropReasons().isEmpty()) {
      ReportPage.table(h, List.of("dropped because", "dialogues"), rows(d.dropReasons()));
    }
    h.append("</section>");
  }

  /** Every run into the output root, and their total. */
  static void attempts(StringBuilder h, RunReport r) {
    if (r.attempts().isEmpty()) {
      return;
    }
    ReportPage.open(h, "runs", "Runs of this output root");
    h.append(
        "<p class=\"note\">A re-run with the same config resumes: it requests only what is not"
            + " committed yet. Each run's requests, tokens, cost and latency (p50 / p99 of its"
            + " successful calls, per endpoint):</p>");
    boolean priced = r.costUsd() != null;
    List<String> head =
        new ArrayList<>(
            List.of("run", "finished", "requests", "prompt tokens", "completion tokens"));
    if (priced) {
      head.add("cost");
    }
    head.add("latency p50 / p99 ms");
    List<List<String>> rows = new ArrayList<>();
    for (RunAttempt a : r.attempts()) {
      List<String> row =
          new ArrayList<>(
              List.of(
                  a.runId() == null ? "(earlier)" : a.runId(),
                  a.finished() == null ? "–" : ReportPage.toSecond(a.finished()),
                  Svg.number(a.requests()),
                  Svg.number(a.promptTokens()),
                  Svg.number(a.completionTokens())));
      if (priced) {
        row.add(ReportPage.usd(a.costUsd()));
      }
      row.add(latency(a.endpoints()));
      rows.add(row);
    }
    List<String> total =
        new ArrayList<>(
            List.of(
                "total (" + r.attempts().size() + " runs)",
                "",
                Svg.number(r.endpoints().stream().mapToLong(EndpointFigures::requests).sum()),
                Svg.number(r.endpoints().stream().mapToLong(EndpointFigures::promptTokens).sum()),
                Svg.number(
                    r.endpoints().stream().mapToLong(EndpointFigures::completionTokens).sum())));
    if (priced) {
      total.add(ReportPage.usd(r.costUsd()));
    }
    total.add(latency(r.endpoints()));
    rows.add(total);
    ReportPage.table(h, head, rows);
    h.append("</section>");
  }

  private static String latency(List<EndpointFigures> endpoints) {
    List<String> parts = new ArrayList<>();
    for (EndpointFigures e : endpoints) {
      parts.add(
          e.name()
              + " "
              + (e.latencyP50() == null
                  ? "no successful calls"
                  : ReportPage.num(e.latencyP50()) + " / " + ReportPage.num(e.latencyP99())));
    }
    return String.join("; ", parts);
  }

  private static List<List<String>> rows(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .map(e -> List.of(e.getKey(), Svg.number(e.getValue())))
        .toList();
  }
}
