package io.sparksdg.spark.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.not;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparksdg.report.DialogueFigures;
import io.sparksdg.report.Distribution;
import io.sparksdg.report.EndpointFigures;
import io.sparksdg.report.JudgeFigures;
import io.sparksdg.report.RunAttempt;
import io.sparksdg.report.RunStatus;
import io.sparksdg.spark.tables.Rows;
import io.sparksdg.spark.tables.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The report's figures on judges, pair drops and dialogues: a few grouped counts of the {@code
 * judgements}, {@code pair_candidates} and {@code dialogues} tables.
 */
final class ReportFigures {

  private ReportFigures() {}

  /**
   * @param tables a committed table by name, or null when it does not exist
   */
  static JudgeFigures judges(Function<String, Dataset<Row>> tables) {
    Dataset<Row> judgements = tables.apply(Tables.JUDGEMENTS);
    Map<String, Long> verdicts = judgements == null ? Map.of() : countBy(judgements, "verdict");
    Dataset<Row> candidates = tables.apply(Tables.PAIR_CANDIDATES);
    Map<String, Long> byJudge = Map.of();
    Map<String, Long> kept = Map.of();
    if (candidates != null) {
      byJudge = countBy(candidates, "judge");
      kept = countBy(candidates.where(col("kept")), "judge");
    }
    return new JudgeFigures(
        verdicts.values().stream().mapToLong(Long::longValue).sum(), verdicts, byJudge, kept);
  }

  /** Pair candidates not kept, per drop reason. */
  static Map<String, Long> pairDrops(Function<String, Dataset<Row>> tables) {
    Dataset<Row> candidates = tables.apply(Tables.PAIR_CANDIDATES);
    return candidates == null ? Map.of() : reasons(candidates.where(not(col("kept"))));
  }

  static DialogueFigures dialogues(Function<String, Dataset<Row>> tables) {
    Dataset<Row> dialogues = tables.apply(Tables.DIALOGUES);
    if (dialogues == null) {
      return null;
    }
    Map<String, Long> personas = countBy(dialogues, "persona");
    long all = personas.values().stream().mapToLong(Long::longValue).sum();
    if (all == 0) {
      return null;
    }
    Map<String, Long> drops = reasons(dialogues.where(not(col("kept"))));
    long dropped = drops.values().stream().mapToLong(Long::longValue).sum();
    Distribution reward = RunReports.distributions(dialogues, List.of("reward")).get(0);
    return new DialogueFigures(all, all - dropped, personas, drops, reward);
  }

  /**
   * Rows per drop reason, the reasons' numbers masked so that one reason counts once ({@code reward
   * <n> < min-reward <n>}), most first.
   */
  private static Map<String, Long> reasons(Dataset<Row> dropped) {
    org.apache.spark.sql.Column normalized =
        org.apache
            .spark
            .sql
            .functions
            .udf(
                (org.apache.spark.sql.api.java.UDF1<String, String>)
                    io.sparksdg.report.FailureReason::normalize,
                org.apache.spark.sql.types.DataTypes.StringType)
            .apply(col("drop_reason"));
    return countBy(dropped.select(normalized.as("drop_reason")), "drop_reason");
  }

  /** Rows per value of a column, most first; a null value as "(none)". */
  private static Map<String, Long> countBy(Dataset<Row> rows, String column) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Row r : rows.groupBy(column).count().orderBy(desc("count"), col(column)).collectAsList()) {
      counts.put(
          Rows.isNull(r, column) ? "(none)" : String.valueOf(r.get(r.fieldIndex(column))),
          Rows.longValue(r, "count"));
    }
    return counts;
  }

  /**
   * How the run ended: over its error budget, or stopped before {@code _summary.json} was written
   * by the run that claimed the root last.
   */
  static RunStatus status(JsonNode summary, JsonNode run) {
    if (summary.isMissingNode()) {
      return run.isMissingNode()
          ? null
          : new RunStatus(
              true,
              "the run stopped before it finished (no _summary.json): the figures are what it"
                  + " committed; a re-run resumes.",
              0,
              0,
              0,
              null);
    }
    String runId = text(run.path("run-id"));
    String summarized = text(summary.path("run-id"));
    long items = summary.path("work-items").asLong();
    long failures = summary.path("failures").asLong();
    double share = summary.path("failure-share").asDouble();
    Double budget =
        summary.path("error-budget").isNumber() ? summary.get("error-budget").asDouble() : null;
    if (runId != null && summarized != null && !runId.equals(summarized)) {
      return new RunStatus(
          true,
          "run "
              + runId
              + " stopped before it finished; the summary is of an earlier run. A re-run resumes.",
          items,
          failures,
          share,
          budget);
    }
    boolean failed = !summary.path("within-budget").asBoolean(true);
    return new RunStatus(
        failed,
        String.format(
            java.util.Locale.ROOT,
            "%d of %d records failed (%.1f%%)%s.",
            failures,
            items,
            100 * share,
            budget == null
                ? ""
                : String.format(
                    java.util.Locale.ROOT,
                    failed ? ", over run.error-budget %.1f%%" : ", within run.error-budget %.1f%%",
                    100 * budget)),
        items,
        failures,
        share,
        budget);
  }

  static List<RunAttempt> attempts(JsonNode attempts) {
    List<RunAttempt> out = new ArrayList<>();
    for (JsonNode a : attempts) {
      JsonNode cost = a.path("cost-usd");
      out.add(
          new RunAttempt(
              text(a.path("run-id")),
              text(a.path("finished")),
              cost.isNumber() ? cost.asDouble() : null,
              endpoints(a.path("endpoints"))));
    }
    return out;
  }

  static String text(JsonNode n) {
    return n.isTextual() ? n.asText() : null;
  }

  static List<EndpointFigures> endpoints(JsonNode endpoints) {
    return endpoints(endpoints, endpoints);
  }

  /**
   * The endpoints' figures from {@code endpoints}, each with its replicas' figures from {@code
   * latest} (the latest run's: replica figures are not summed over the runs into one root).
   */
  static List<EndpointFigures> endpoints(JsonNode endpoints, JsonNode latest) {
    List<EndpointFigures> out = new ArrayList<>();
    endpoints
        .properties()
        .forEach(
            e -> {
              JsonNode m = e.getValue();
              JsonNode latency = m.path("latency-ms");
              out.add(
                  new EndpointFigures(
                      e.getKey(),
                      m.path("requests").asLong(),
                      m.path("successes").asLong(),
                      m.path("retries").asLong(),
                      m.path("failures").asLong(),
                      longs(m.path("retries-by-class")),
                      longs(m.path("failures-by-class")),
                      m.path("prompt-tokens").asLong(),
                      m.path("completion-tokens").asLong(),
                      number(latency.path("p50")),
                      number(latency.path("p90")),
                      number(latency.path("p99")),
                      number(m.path("cost-usd")),
                      replicas(latest.path(e.getKey()).path("replicas"))));
            });
    return out;
  }

  private static List<EndpointFigures.ReplicaFigures> replicas(JsonNode replicas) {
    List<EndpointFigures.ReplicaFigures> out = new ArrayList<>();
    for (JsonNode r : replicas) {
      JsonNode latency = r.path("latency-ms");
      out.add(
          new EndpointFigures.ReplicaFigures(
              r.path("url").asText(),
              r.path("requests").asLong(),
              r.path("errors").asLong(),
              number(latency.path("p50")),
              number(latency.path("p95")),
              r.path("limit").asLong(),
              r.path("ejections").asLong()));
    }
    return out;
  }

  static Double number(JsonNode n) {
    return n.isNumber() ? n.asDouble() : null;
  }

  static Map<String, Long> longs(JsonNode node) {
    Map<String, Long> out = new TreeMap<>();
    node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asLong()));
    return out;
  }
}
