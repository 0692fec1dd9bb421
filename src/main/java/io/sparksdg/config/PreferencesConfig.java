package io.sparksdg.config;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * Keys under {@code preferences}: which judge ranks a prompt's responses, how they are paired, and
 * which pairs are kept.
 *
 * @param minMargin the least reward gap between chosen and rejected for a reward-model pair (the
 *     other judges decide by their own verdict; their reward gap is recorded, not required)
 * @param judges judge kinds in order of trust; the first that applies to a prompt decides: {@code
 *     ground-truth} (prompts with an answer key), {@code code-tests} (Python prompts that carry
 *     tests: the response's code is run against them), {@code verifier} (prompts with verifiable
 *     instructions), {@code reward-model}, {@code llm-judge}, {@code genrm} (a generative reward
 *     model; it and {@code llm-judge} share the judgements step, so a list names at most one)
 * @param llmJudge the endpoint asked the pairwise question, required when {@code judges} names
 *     {@code llm-judge}
 * @param llmJudgeShare the share of prompts (chosen by a hash of their id) the LLM judge applies
 *     to; the others fall through to the next judge in the list
 * @param strategy {@code best-vs-worst}, {@code best-vs-each} (the best against each worse response
 *     above the margin) or {@code all-pairs} (every pair above the margin)
 * @param maxPairsPerPrompt the most pairs kept per prompt (widest margins first)
 * @param dpoMinReward the least reward of the chosen response for the DPO export (strict)
 * @param rpoMinReward the least reward of the chosen response for the RPO export (lenient); pairs
 *     below it are dropped
 * @param maxChars a response longer than this is not paired (length sanity)
 * @param genrm the generative reward model's endpoint, required when {@code judges} names {@code
 *     genrm}
 * @param genrmShare the share of prompts the GenRM applies to, like {@code llm-judge-share}
 * @param codeTests how the {@code code-tests} judge runs code ({@code preferences.code-tests.*})
 */
public record PreferencesConfig(
    Double minMargin,
    List<String> judges,
    String llmJudge,
    Double llmJudgeShare,
    String strategy,
    Integer maxPairsPerPrompt,
    Double dpoMinReward,
    Double rpoMinReward,
    Integer maxChars,
    String genrm,
    Double genrmShare,
    CodeTestsConfig codeTests)
    implements Serializable {

  public static final String GROUND_TRUTH = "ground-truth";
  public static final String VERIFIER = "verifier";
  public static final String REWARD_MODEL = "reward-model";
  public static final String LLM_JUDGE = "llm-judge";
  public static final String GENRM = "genrm";
  public static final String CODE_TESTS = "code-tests";
  static final Set<String> JUDGES =
      Set.of(GROUND_TRUTH, CODE_TESTS, VERIFIER, REWARD_MODEL, LLM_JUDGE, GENRM);
  static final Set<String> STRATEGIES = Set.of("best-vs-worst", "best-vs-each", "all-pairs");

  public static final PreferencesConfig DEFAULT =
      new PreferencesConfig(null, null, null, null, null, null, null, null, null, null, null, null);

  public PreferencesConfig {
    minMargin = minMargin == null ? 0.5 : minMargin;
    Checks.require(minMargin >= 0, "min-margin must not be negative, got %s", minMargin);
    judges =
        judges == null
            ? List.of(GROUND_TRUTH, CODE_TESTS, VERIFIER, REWARD_MODEL)
            : List.copyOf(judges);
    Checks.require(!judges.isEmpty(), "judges must name at least one judge");
    for (String judge : judges) {
      Checks.require(
          JUDGES.contains(judge),
          "judges: unknown judge '%s'; use ground-truth, code-tests, verifier, reward-model,"
              + " llm-judge or genrm",
          judge);
    }
    Checks.require(
        !judges.contains(LLM_JUDGE) || (llmJudge != null && !llmJudge.isBlank()),
        "judges names llm-judge: set preferences.llm-judge to the endpoint that judges");
    Checks.require(
        !judges.contains(GENRM) || (genrm != null && !genrm.isBlank()),
        "judges names genrm: set preferences.genrm to the generative reward model's endpoint");
    Checks.require(
        !(judges.contains(GENRM) && judges.contains(LLM_JUDGE)),
        "judges names both llm-judge and genrm: they share the judgements step, keep one");
    genrmShare = genrmShare == null ? 1.0 : genrmShare;
    Checks.require(
        genrmShare >= 0 && genrmShare <= 1,
        "genrm-share must be between 0 and 1, got %s",
        genrmShare);
    llmJudgeShare = llmJudgeShare == null ? 1.0 : llmJudgeShare;
    Checks.require(
        llmJudgeShare >= 0 && llmJudgeShare <= 1,
        "llm-judge-share must be between 0 and 1, got %s",
        llmJudgeShare);
    strategy = strategy == null ? "best-vs-worst" : strategy;
    Checks.require(
        STRATEGIES.contains(strategy),
        "strategy must be best-vs-worst, best-vs-each or all-pairs, got '%s'",
        strategy);
    maxPairsPerPrompt = maxPairsPerPrompt == null ? 3 : maxPairsPerPrompt;
    Checks.require(
        maxPairsPerPrompt > 0, "max-pairs-per-prompt must be positive, got %s", maxPairsPerPrompt);
    rpoMinReward = rpoMinReward == null ? Double.NEGATIVE_INFINITY : rpoMinReward;
    dpoMinReward = dpoMinReward == null ? rpoMinReward : dpoMinReward;
    Checks.require(
        dpoMinReward >= rpoMinReward,
        "dpo-min-reward (%s) must not be below rpo-min-reward (%s): DPO wants the stricter bound",
        dpoMinReward,
        rpoMinReward);
    maxChars = maxChars == null ? 20_000 : maxChars;
    Checks.require(maxChars > 0, "max-chars must be positive, got %s", maxChars);
    codeTests = codeTests == null ? CodeTestsConfig.DEFAULT : codeTests;
  }

  /** The keys before {@code genrm}, {@code genrm-share} and {@code code-tests}, those unset. */
  public PreferencesConfig(
      Double minMargin,
      List<String> judges,
      String llmJudge,
      Double llmJudgeShare,
      String strategy,
      Integer maxPairsPerPrompt,
      Double dpoMinReward,
      Double rpoMinReward,
      Integer maxChars) {
    this(
        minMargin,
        judges,
        llmJudge,
        llmJudgeShare,
        strategy,
        maxPairsPerPrompt,
        dpoMinReward,
        rpoMinReward,
        maxChars,
        null,
        null,
        null);
  }

  /**
   * Whether a judge that asks about pairs (the LLM judge or the GenRM) takes part, so the
   * judgements step runs.
   */
  public boolean usesPairJudge() {
    return pairJudge() != null && pairJudgeShare() > 0;
  }

  /** Whether the pair judge is the GenRM. */
  public boolean usesGenRm() {
    return GENRM.equals(pairJudge());
  }

  /** The judge kind that asks about pairs, {@code llm-judge} or {@code genrm}, or null. */
  public String pairJudge() {
    return judges.contains(GENRM) ? GENRM : judges.contains(LLM_JUDGE) ? LLM_JUDGE : null;
  }

  /** The pair judge's endpoint name, or null. */
  public String pairJudgeEndpoint() {
    return usesGenRm() ? genrm : judges.contains(LLM_JUDGE) ? llmJudge : null;
  }

  /** The key that names the pair judge's endpoint, for messages. */
  public String pairJudgeKey() {
    return usesGenRm() ? "preferences.genrm" : "preferences.llm-judge";
  }

  /** The share of prompts the pair judge applies to. */
  public double pairJudgeShare() {
    return usesGenRm() ? genrmShare : llmJudgeShare;
  }
}
