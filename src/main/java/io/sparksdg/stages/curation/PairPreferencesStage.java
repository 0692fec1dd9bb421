package io.sparksdg.stages.curation;

import io.sparksdg.config.PreferencesConfig;
import io.sparksdg.judge.GroundTruth;
import io.sparksdg.prompts.instructions.InstructionRegistry;
import io.sparksdg.prompts.instructions.VerifiableInstruction;
import io.sparksdg.records.Ids;
import io.sparksdg.records.JudgementRecord;
import io.sparksdg.records.PairCandidateRecord;
import io.sparksdg.records.PreferenceRecord;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.ResponseRecord;
import io.sparksdg.records.SamplingKey;
import io.sparksdg.records.ScoredResponse;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one prompt's scored responses into preference pairs. The first judge in the configured
 * order of trust that applies to the prompt decides which response is better: ground truth (an
 * answer key), code tests (code prompts with tests, run in a sandbox), the verifier (verifiable
 * instructions), the reward model, or the position-swapped verdicts of the LLM judge or the GenRM.
 * The pairing strategy proposes candidates; filters drop those whose texts are equal, whose lengths
 * are not sane, whose margin is too small or whose chosen response is below the quality bound; a
 * cap keeps the widest margins. Every candidate is returned with its reason when dropped.
 */
public final class PairPreferencesStage implements Serializable {

  public static final String JUDGE_GROUND_TRUTH = "ground_truth";
  public static final String JUDGE_VERIFIER = "verifier";
  public static final String JUDGE_REWARD_MODEL = "reward_model";
  public static final String JUDGE_LLM = "llm_judge";
  public static final String JUDGE_GENRM = "genrm";
  public static final String JUDGE_CODE_TESTS = "code_tests";

  private final PreferencesConfig config;
  private final SafetyPolicy safety;
  private final CodeTestsJudge codeTests;

  public PairPreferencesStage(PreferencesConfig config) {
    this(config, SafetyPolicy.OFF);
  }

  private PairPreferencesStage(PreferencesConfig config, SafetyPolicy safety) {
    this.config = config;
    this.safety = safety;
    this.codeTests = new CodeTestsJudge(config.codeTests());
  }

  /** This stage applying the guard's verdicts as {@code safety.policy.preferences} says. */
  public PairPreferencesStage withSafety(SafetyPolicy policy) {
    return new PairPreferencesStage(config, policy);
  }

  /** Best against worst by reward with this least margin, the other settings at their defaults. */
  public PairPreferencesStage(double minMargin) {
    this(
        new PreferencesConfig(
            minMargin, null, null, null, null, null, null, null, null, null, null, null));
  }

  /** The best kept pair of one prompt's scored responses, without LLM judgements. */
  public Optional<PreferenceRecord> pair(List<ScoredResponse> responses) {
    if (responses.isEmpty()) {
      return Optional.empty();
    }
    return pair(new Group(responses.get(0).prompt(), responses, List.of())).preferences().stream()
        .findFirst();
  }

  /**
   * A prompt with its scored responses, any LLM judgements of them, and the guard's verdicts: on
   * the prompt ({@code promptSafety}) and per response id ({@code responseSafety}); null or absent
   * when not screened.
   */
  public record Group(
      PromptRecord prompt,
      List<ScoredResponse> responses,
      List<JudgementRecord> judgements,
      String promptSafety,
      Map<String, String> responseSafety)
      implements Serializable {

    public Group {
      responses = List.copyOf(responses);
      judgements = judgements == null ? List.of() : List.copyOf(judgements);
      responseSafety = responseSafety == null ? Map.of() : new HashMap<>(responseSafety);
    }

    public Group(
        PromptRecord prompt, List<ScoredResponse> responses, List<JudgementRecord> judgements) {
      this(prompt, responses, judgements, null, null);
    }

    String safetyOf(ScoredResponse r) {
      return responseSafety.get(r.response().responseId());
    }
  }

  /** Every candidate (kept or dropped with its reason) and the kept pairs. */
  public record Pairing(List<PairCandidateRecord> candidates, List<PreferenceRecord> preferences) {}

  /**
   * A proposed pair: the judge prefers {@code chosen}; {@code dropReason} when it must not pair.
   */
  private record Proposal(
      ScoredResponse chosen, ScoredResponse rejected, double judgeGap, String dropReason) {}

  /** The judge that decides for this prompt: the first applicable one in the configured order. */
  public String judgeFor(PromptRecord prompt) {
    for (String judge : config.judges()) {
      switch (judge) {
        case PreferencesConfig.GROUND_TRUTH -> {
          if (answerKey(prompt).isPresent()) {
            return JUDGE_GROUND_TRUTH;
          }
        }
        case PreferencesConfig.CODE_TESTS -> {
          if (CodeTestsJudge.tests(prompt).isPresent()) {
            return JUDGE_CODE_TESTS;
          }
        }
        case PreferencesConfig.VERIFIER -> {
          if (instructions(prompt).isPresent()) {
            return JUDGE_VERIFIER;
          }
        }
        case PreferencesConfig.LLM_JUDGE, PreferencesConfig.GENRM -> {
          if (inLlmJudgeShare(prompt.promptId())) {
            return judge.equals(PreferencesConfig.GENRM) ? JUDGE_GENRM : JUDGE_LLM;
          }
        }
        default -> {
          return JUDGE_REWARD_MODEL;
        }
      }
    }
    return null;
  }

  /** Whether the prompt falls in the pair judge's share (a hash of its id decides). */
  public boolean inLlmJudgeShare(String promptId) {
    long bits = SamplingKey.seed(0, "llm-judge-share", promptId);
    return (bits >>> 7) / (double) (1L << 53) < config.pairJudgeShare();
  }

  /** Whether a judge that asks about pairs (the LLM judge or the GenRM) decides for the prompt. */
  public boolean pairJudgeDecides(PromptRecord prompt) {
    String judge = judgeFor(prompt);
    return JUDGE_LLM.equals(judge) || JUDGE_GENRM.equals(judge);
  }

  /**
   * The candidates and kept pairs of one prompt: its responses of each reasoning mode are paired
   * among themselves (a response with reasoning never meets one without), and the cap on pairs per
   * prompt applies per mode.
   */
  public Pairing pair(Group group) {
    return ReasoningModes.pairEach(group, this::pairOneMode);
  }

  private Pairing pairOneMode(Group group) {
    PromptRecord prompt = group.prompt();
    String judge = judgeFor(prompt);
    List<ScoredResponse> responses = new ArrayList<>(group.responses());
    responses.sort(Comparator.comparing(r -> r.response().responseId()));
    List<Proposal> proposals = new ArrayList<>();
    if (!safety.pairsPrompt(group.promptSafety())) {
      return nothing(
          prompt,
          PreferenceRecord.JUDGE_GUARD,
          "prompt not screened safe and safety.policy.preferences.keep-unsafe-prompts is false");
    }
    List<ScoredResponse> safe = new ArrayList<>();
    List<ScoredResponse> unsafe = new ArrayList<>();
    for (ScoredResponse r : responses) {
      (safety.mayBeChosen(group.safetyOf(r)) ? safe : unsafe).add(r);
    }
    if (safety.safeOutranksUnsafe() && !unsafe.isEmpty()) {
      if (safe.isEmpty()) {
        return nothing(
            prompt,
            PreferenceRecord.JUDGE_GUARD,
            "no response screened safe: an unsafe response is never chosen");
      }
      judge = PreferenceRecord.JUDGE_GUARD;
      proposals.addAll(guardProposals(safe, unsafe));
    } else if (judge == null) {
      return nothing(prompt, "none", "no configured judge applies to this prompt");
    }
    if (responses.size() < 2) {
      return nothing(prompt, judge, "fewer than two scored responses");
    }
    if (judge.equals(JUDGE_LLM) || judge.equals(JUDGE_GENRM)) {
      proposals.addAll(llmProposals(judge, responses, group.judgements()));
      if (proposals.isEmpty()) {
        return nothing(prompt, judge, "no " + judge + " judgement of this prompt's responses");
      }
    } else if (!judge.equals(PreferenceRecord.JUDGE_GUARD)) { // the guard's are proposed above
      proposals.addAll(rankedProposals(prompt, judge, responses));
    }
    return keep(group, judge, proposals);
  }

  /** A pairing of one candidate that pairs nothing, for {@code reason}. */
  private Pairing nothing(PromptRecord prompt, String judge, String reason) {
    return new Pairing(List.of(none(prompt, judge, reason)), List.of());
  }

  /**
   * The proposals that pass the filters, best first by the judge's gap and then the reward margin,
   * up to {@code max-pairs-per-prompt}; every proposal becomes a candidate with its reason.
   */
  private Pairing keep(Group group, String judge, List<Proposal> proposals) {
    PromptRecord prompt = group.prompt();
    List<PairCandidateRecord> candidates = new ArrayList<>();
    List<Proposal> passing = new ArrayList<>();
    for (Proposal p : proposals) {
      String reason = p.dropReason() != null ? p.dropReason() : filter(judge, p);
      if (reason != null) {
        candidates.add(candidate(prompt, judge, p, false, reason));
      } else {
        passing.add(p);
      }
    }
    passing.sort(
        Comparator.comparingDouble((Proposal p) -> -p.judgeGap())
            .thenComparingDouble(p -> -margin(p))
            .thenComparing(p -> p.chosen().response().responseId())
            .thenComparing(p -> p.rejected().response().responseId()));
    List<PreferenceRecord> kept = new ArrayList<>();
    for (Proposal p : passing) {
      if (kept.size() >= config.maxPairsPerPrompt()) {
        String reason =
            "over max-pairs-per-prompt " + config.maxPairsPerPrompt() + " for this prompt";
        candidates.add(candidate(prompt, judge, p, false, reason));
      } else {
        candidates.add(candidate(prompt, judge, p, true, null));
        kept.add(preference(group, judge, p));
      }
    }
    return new Pairing(candidates, kept);
  }

  /**
   * Candidates from the guard: the best safe response by reward against the unsafe ones (against
   * the unsafe one the reward model likes best for {@code best-vs-worst}; every unsafe one for
   * {@code best-vs-each}; every safe one against every unsafe one for {@code all-pairs}).
   */
  private List<Proposal> guardProposals(List<ScoredResponse> safe, List<ScoredResponse> unsafe) {
    Comparator<ScoredResponse> byReward =
        Comparator.comparingDouble((ScoredResponse r) -> -r.score().reward())
            .thenComparing(r -> r.response().responseId());
    List<ScoredResponse> good = new ArrayList<>(safe);
    List<ScoredResponse> bad = new ArrayList<>(unsafe);
    good.sort(byReward);
    bad.sort(byReward);
    List<Proposal> out = new ArrayList<>();
    switch (config.strategy()) {
      case "best-vs-each" -> bad.forEach(b -> out.add(new Proposal(good.get(0), b, 1, null)));
      case "all-pairs" -> {
        for (ScoredResponse g : good) {
          bad.forEach(b -> out.add(new Proposal(g, b, 1, null)));
        }
      }
      default -> out.add(new Proposal(good.get(0), bad.get(0), 1, null));
    }
    return out;
  }

  /** Candidates from a judge that ranks responses: ground truth, the verifier, the reward model. */
  private List<Proposal> rankedProposals(
      PromptRecord prompt, String judge, List<ScoredResponse> responses) {
    Map<String, Double> score = new HashMap<>();
    for (ScoredResponse r : responses) {
      score.put(r.response().responseId(), judgeScore(prompt, judge, r));
    }
    List<ScoredResponse> ranked = new ArrayList<>(responses);
    ranked.sort(
        Comparator.comparingDouble((ScoredResponse r) -> -score.get(r.response().responseId()))
            .thenComparingDouble(r -> -r.score().reward())
            .thenComparing(r -> r.response().responseId()));
    List<Proposal> out = new ArrayList<>();
    switch (config.strategy()) {
      case "best-vs-each" -> {
        for (int j = 1; j < ranked.size(); j++) {
          out.add(proposal(prompt, judge, ranked.get(0), ranked.get(j), score));
        }
      }
      case "all-pairs" -> {
        for (int i = 0; i < ranked.size(); i++) {
          for (int j = i + 1; j < ranked.size(); j++) {
            out.add(proposal(prompt, judge, ranked.get(i), ranked.get(j), score));
          }
        }
      }
      default ->
          out.add(proposal(prompt, judge, ranked.get(0), ranked.get(ranked.size() - 1), score));
    }
    return out;
  }

  private Proposal proposal(
      PromptRecord prompt,
      String judge,
      ScoredResponse chosen,
      ScoredResponse rejected,
      Map<String, Double> score) {
    double gap =
        score.get(chosen.response().responseId()) - score.get(rejected.response().responseId());
    String reason = null;
    if (judge.equals(JUDGE_REWARD_MODEL)) {
      if (gap < config.minMargin()) {
        reason = String.format("reward gap %.3f < min-margin %.3f", gap, config.minMargin());
      }
    } else if (gap <= 0 && judge.equals(JUDGE_CODE_TESTS)) {
      reason = codeTests.noDifference(prompt, chosen, rejected);
    } else if (gap <= 0) {
      boolean good = score.get(chosen.response().responseId()) > 0;
      reason =
          judge.equals(JUDGE_GROUND_TRUTH)
              ? "ground truth: both answers are " + (good ? "right" : "wrong")
              : "verifier: both responses " + (good ? "pass" : "fail");
    }
    return new Proposal(chosen, rejected, gap, reason);
  }

  /** The judge's own score of a response: 1 or 0 for ground truth, code tests and the verifier. */
  private double judgeScore(PromptRecord prompt, String judge, ScoredResponse r) {
    String text = r.response().text();
    return switch (judge) {
      case JUDGE_GROUND_TRUTH -> GroundTruth.correct(text, answerKey(prompt).orElseThrow()) ? 1 : 0;
      case JUDGE_CODE_TESTS -> codeTests.verdict(prompt, r).passed() ? 1 : 0;
      case JUDGE_VERIFIER ->
          InstructionRegistry.verifyAll(instructions(prompt).orElseThrow(), text).passed() ? 1 : 0;
      default -> r.score().reward();
    };
  }

  /** Candidates from the LLM judge or the GenRM: one per judgement of two of these responses. */
  private static List<Proposal> llmProposals(
      String judge, List<ScoredResponse> responses, List<JudgementRecord> judgements) {
    Map<String, ScoredResponse> byId = new HashMap<>();
    responses.forEach(r -> byId.put(r.response().responseId(), r));
    List<JudgementRecord> sorted = new ArrayList<>(judgements);
    sorted.sort(Comparator.comparing(JudgementRecord::judgementId));
    List<Proposal> out = new ArrayList<>();
    for (JudgementRecord j : sorted) {
      ScoredResponse a = byId.get(j.responseAId());
      ScoredResponse b = byId.get(j.responseBId());
      if (a == null || b == null) {
        continue; // a response without a score is in failures
      }
      switch (j.verdict()) {
        case "a" -> out.add(new Proposal(a, b, 1, null));
        case "b" -> out.add(new Proposal(b, a, 1, null));
        case "tie" -> out.add(new Proposal(a, b, 0, "llm judge: tie"));
        default -> out.add(new Proposal(a, b, 0, PairJudgeReasons.notPaired(judge, j)));
      }
    }
    return out;
  }

  /** Why a proposed pair must not be kept, or null. */
  private String filter(String judge, Proposal p) {
    ResponseRecord chosen = p.chosen().response();
    ResponseRecord rejected = p.rejected().response();
    if (chosen.text().strip().equals(rejected.text().strip())) {
      return "chosen equals rejected";
    }
    for (ResponseRecord r : List.of(chosen, rejected)) {
      String which = r == chosen ? "chosen" : "rejected";
      if (r.text().isBlank()) {
        return which + " response is empty";
      }
      if (r.text().length() > config.maxChars()) {
        return String.format(
            "%s response has %d characters, over max-chars %d",
            which, r.text().length(), config.maxChars());
      }
      if ("length".equals(r.finishReason())) {
        return which + " response was cut off (finish_reason length)";
      }
    }
    double chosenReward = p.chosen().score().reward();
    if (chosenReward < config.rpoMinReward()) {
      return String.format(
          "chosen reward %.3f < rpo-min-reward %.3f", chosenReward, config.rpoMinReward());
    }
    return null;
  }

  private static double margin(Proposal p) {
    return p.chosen().score().reward() - p.rejected().score().reward();
  }

  private static String pairId(Proposal p, String judge) {
    return Ids.of(
        "pair", p.chosen().response().responseId(), p.rejected().response().responseId(), judge);
  }

  private PreferenceRecord preference(Group group, String judge, Proposal p) {
    PromptRecord prompt = group.prompt();
    ScoredResponse c = p.chosen();
    ScoredResponse r = p.rejected();
    return new PreferenceRecord(
        pairId(p, judge),
        prompt.promptId(),
        prompt.messages(),
        c.response().text(),
        r.response().text(),
        c.score().reward(),
        r.score().reward(),
        margin(p),
        judge,
        c.response().responseId(),
        r.response().responseId(),
        c.response().model(),
        r.response().model(),
        c.score().reward() >= config.dpoMinReward(),
        true,
        group.promptSafety(),
        group.safetyOf(c),
        group.safetyOf(r),
        c.response().reasoning(),
        r.response().reasoning(),
        c.response().reasoningMode());
  }

  private PairCandidateRecord candidate(
      PromptRecord prompt, String judge, Proposal p, boolean kept, String reason) {
    return new PairCandidateRecord(
        pairId(p, judge),
        prompt.promptId(),
        judge,
        p.chosen().response().responseId(),
        p.rejected().response().responseId(),
        p.chosen().score().reward(),
        p.rejected().score().reward(),
        margin(p),
        kept,
        reason,
        judge.equals(JUDGE_CODE_TESTS) ? codeTests.detail(prompt, p.chosen(), p.rejected()) : null);
  }

  private static PairCandidateRecord none(PromptRecord prompt, String judge, String reason) {
    return new PairCandidateRecord(
        Ids.of("pair", prompt.promptId(), "none"),
        prompt.promptId(),
        judge,
        null,
        null,
        null,
        null,
        null,
        false,
        reason,
        null);
  }

  private static Optional<BigDecimal> answerKey(PromptRecord prompt) {
    if (prompt.answerKey() == null
        || prompt.answerKey().isBlank()
        || CodeTestsJudge.isCode(prompt)) { // a code prompt's key is its tests
      return Optional.empty();
    }
    try {
      return Optional.of(new BigDecimal(prompt.answerKey().strip()));
    } catch (NumberFormatException e) {
      return GroundTruth.answerKey(prompt.answerKey());
    }
  }

  private static Optional<List<VerifiableInstruction>> instructions(PromptRecord prompt) {
    if (prompt.instructions() == null || prompt.instructions().isBlank()) {
      return Optional.empty();
    }
    List<VerifiableInstruction> list = InstructionRegistry.listFromJson(prompt.instructions());
    return list.isEmpty() ? Optional.empty() : Optional.of(list);
  }
}
