package io.sparksdg.config;

import java.io.Serializable;

/**
 * Keys under {@code safety}: screening prompts and responses with a guard endpoint, and what each
 * split does with an unsafe verdict.
 *
 * @param enabled off by default
 * @param guard the endpoint (kind {@code guard}) that classifies prompts and responses
 * @param policy what the {@code sft} and {@code preferences} tables do with unsafe verdicts
 */
public record SafetyConfig(Boolean enabled, String guard, Policy policy) implements Serializable {

  public static final SafetyConfig DEFAULT = new SafetyConfig(null, null, null);

  public SafetyConfig {
    enabled = enabled != null && enabled;
    guard = guard == null ? "guard" : guard;
    policy = policy == null ? Policy.DEFAULT : policy;
  }

  /** Keys under {@code safety.policy}. */
  public record Policy(Sft sft, Preferences preferences) implements Serializable {

    public static final Policy DEFAULT = new Policy(null, null);

    public Policy {
      sft = sft == null ? Sft.DEFAULT : sft;
      preferences = preferences == null ? Preferences.DEFAULT : preferences;
    }
  }

  /**
   * Keys under {@code safety.policy.sft}.
   *
   * @param dropUnsafePrompts keep rows whose prompt is not screened safe out of {@code sft} (true)
   * @param dropUnsafeResponses keep rows whose response is not screened safe out of {@code sft}
   *     (true)
   */
  public record Sft(Boolean dropUnsafePrompts, Boolean dropUnsafeResponses)
      implements Serializable {

    public static final Sft DEFAULT = new Sft(null, null);

    public Sft {
      dropUnsafePrompts = dropUnsafePrompts == null || dropUnsafePrompts;
      dropUnsafeResponses = dropUnsafeResponses == null || dropUnsafeResponses;
    }
  }

  /**
   * Keys under {@code safety.policy.preferences}.
   *
   * @param keepUnsafePrompts pair the responses of unsafe prompts too (true), so the model learns
   *     to prefer a safe answer to them
   * @param unsafeResponseRejected a response not screened safe is never chosen (true): against a
   *     safe response of the same prompt it is the rejected one, whatever the reward says
   */
  public record Preferences(Boolean keepUnsafePrompts, Boolean unsafeResponseRejected)
      implements Serializable {

    public static final Preferences DEFAULT = new Preferences(null, null);

    public Preferences {
      keepUnsafePrompts = keepUnsafePrompts == null || keepUnsafePrompts;
      unsafeResponseRejected = unsafeResponseRejected == null || unsafeResponseRejected;
    }
  }
}
