package io.sparksdg.stages.curation;

import io.sparksdg.config.SafetyConfig;
import io.sparksdg.judge.SafetyVerdict;
import java.io.Serializable;

/**
 * What each split does with the guard's verdicts ({@code safety.policy}). A part counts as safe
 * only when the guard said so: a prompt or response whose screening failed (it is in {@code
 * failures}) is treated like an unsafe one.
 */
public final class SafetyPolicy implements Serializable {

  /** No screening: every row passes, pairing ignores safety. */
  public static final SafetyPolicy OFF = new SafetyPolicy(false, SafetyConfig.Policy.DEFAULT);

  private final boolean enabled;
  private final SafetyConfig.Policy policy;

  private SafetyPolicy(boolean enabled, SafetyConfig.Policy policy) {
    this.enabled = enabled;
    this.policy = policy;
  }

  public static SafetyPolicy of(SafetyConfig config) {
    return config.enabled() ? new SafetyPolicy(true, config.policy()) : OFF;
  }

  public boolean enabled() {
    return enabled;
  }

  /**
   * Why a response must stay out of {@code sft}, or null when it may enter.
   *
   * @param promptVerdict the prompt's verdict ({@code safe}, {@code unsafe}) or null when
   *     unscreened
   * @param responseVerdict the response's verdict, likewise
   */
  public String sftDropReason(String promptVerdict, String responseVerdict) {
    if (!enabled) {
      return null;
    }
    if (policy.sft().dropUnsafePrompts() && !safe(promptVerdict)) {
      return "prompt " + describe(promptVerdict);
    }
    if (policy.sft().dropUnsafeResponses() && !safe(responseVerdict)) {
      return "response " + describe(responseVerdict);
    }
    return null;
  }

  /**
   * Why a dialogue must stay out of {@code sft}, or null: dialogues are screened by their opening
   * prompt only.
   */
  public String dialogueDropReason(String promptVerdict) {
    if (enabled && policy.sft().dropUnsafePrompts() && !safe(promptVerdict)) {
      return "prompt " + describe(promptVerdict);
    }
    return null;
  }

  /** Whether the responses of a prompt with this verdict are paired at all. */
  public boolean pairsPrompt(String promptVerdict) {
    return !enabled || policy.preferences().keepUnsafePrompts() || safe(promptVerdict);
  }

  /** Whether a response with this verdict may be the chosen one of a pair. */
  public boolean mayBeChosen(String responseVerdict) {
    return !enabled || !policy.preferences().unsafeResponseRejected() || safe(responseVerdict);
  }

  /** Whether a safe response outranks an unsafe one whatever the other judges say. */
  public boolean safeOutranksUnsafe() {
    return enabled && policy.preferences().unsafeResponseRejected();
  }

  private static boolean safe(String verdict) {
    return SafetyVerdict.SAFE.equals(verdict);
  }

  private static String describe(String verdict) {
    return verdict == null ? "not screened (guard failed)" : "screened " + verdict;
  }
}
