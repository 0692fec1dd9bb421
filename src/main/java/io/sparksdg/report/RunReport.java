package io.sparksdg.report;

import java.util.List;
import java.util.Map;

/**
 * What a run made and what it cost, as written to {@code _report/report.json} and drawn in {@code
 * _report/index.html}.
 *
 * @param fingerprint the run's configuration fingerprint
 * @param generated when the report was made (ISO-8601)
 * @param simulated whether any of its models was the built-in simulator (model names {@code
 *     simulated/...}): such output is for trying the pipeline out, not for training
 * @param models the models that wrote responses and scores
 * @param funnel rows per stage: prompts, responses, scored, kept for SFT, pairs, failures
 * @param scores the five attributes and the weighted reward of the {@code scores} table
 * @param margins the reward margins of the {@code preferences} table
 * @param pairsByJudge pairs per judge kind
 * @param taskMix prompts per task family
 * @param endpoints per-endpoint counters, latency and tokens from {@code _metrics.json}
 * @param stages tokens and cost per stage, when the metrics hold them
 * @param costUsd the run's total cost, or null when no price is configured
 * @param failureReasons the most frequent failure reasons, most frequent first
 * @param runId the id of the run that wrote the report's figures last (distinct per run, unlike the
 *     fingerprint), or null for a root written before run ids
 * @param status how the run ended, or null when unknown
 * @param attempts every run into this output root, oldest first (a resumed run is one more); {@code
 *     endpoints} and {@code costUsd} are their total
 * @param judges the LLM judge's verdicts and the pair candidates per judge kind
 * @param pairDrops pair candidates not kept, per drop reason, most first
 * @param dialogues the multi-turn dialogues
 */
public record RunReport(
    String fingerprint,
    String generated,
    Integer round,
    boolean simulated,
    List<String> models,
    List<FunnelStep> funnel,
    List<Distribution> scores,
    Distribution margins,
    Map<String, Long> pairsByJudge,
    Map<String, Long> taskMix,
    List<EndpointFigures> endpoints,
    List<StageCost> stages,
    Double costUsd,
    List<FailureReason> failureReasons,
    String runId,
    RunStatus status,
    List<RunAttempt> attempts,
    JudgeFigures judges,
    Map<String, Long> pairDrops,
    DialogueFigures dialogues) {

  /** The prefix of the model names the simulator answers with. */
  public static final String SIMULATED_PREFIX = "simulated/";

  /** The attributes of a score, then the weighted reward, as named in the {@code scores} table. */
  public static final List<String> SCORE_COLUMNS =
      List.of("helpfulness", "correctness", "coherence", "complexity", "verbosity", "reward");

  /** Failure reasons a report lists at most. */
  public static final int TOP_FAILURE_REASONS = 10;

  public RunReport {
    models = List.copyOf(models);
    funnel = List.copyOf(funnel);
    scores = List.copyOf(scores);
    pairsByJudge = ordered(pairsByJudge);
    taskMix = ordered(taskMix);
    endpoints = List.copyOf(endpoints);
    stages = List.copyOf(stages);
    failureReasons = List.copyOf(failureReasons);
    attempts = attempts == null ? List.of() : List.copyOf(attempts);
    judges = judges == null ? JudgeFigures.none() : judges;
    pairDrops = ordered(pairDrops == null ? Map.of() : pairDrops);
    dialogues = dialogues == null ? DialogueFigures.none() : dialogues;
  }

  /** An unmodifiable copy that keeps the given order (the JSON and the page show it). */
  static <V> Map<String, V> ordered(Map<String, V> map) {
    return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(map));
  }

  /** Whether any model name says it was simulated. */
  public static boolean anySimulated(List<String> models) {
    return models.stream().anyMatch(m -> m != null && m.startsWith(SIMULATED_PREFIX));
  }

  /** One step of the funnel. */
  public record FunnelStep(String step, String table, long rows) {}
}
