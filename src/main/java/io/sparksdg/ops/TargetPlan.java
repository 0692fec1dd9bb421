package io.sparksdg.ops;

import io.sparksdg.config.SdgConfig;
import io.sparksdg.config.TargetConfig;
import java.util.List;
import java.util.Locale;

/**
 * The responses {@code plan} counts under {@code target.accepted}: the attempts the target is
 * expected to take at {@code target.expected-rate} (not the prompts times {@code
 * responses.per-prompt}), with a note saying so. With {@code target.on: preferences} an attempt is
 * a prompt: its {@code responses.per-prompt} responses and scores, and its judge calls, are planned
 * for the prompts expected, no more than there are.
 */
final class TargetPlan {

  private TargetPlan() {}

  /**
   * @param untargeted the responses without a target
   * @return the responses to plan for
   */
  static long attempts(SdgConfig config, long untargeted, List<String> notes) {
    TargetConfig target = config.target();
    if (!target.enabled()) {
      return untargeted;
    }
    double rate = target.expectedRate();
    int modes = modes(config);
    if (target.onPreferences()) {
      int perPrompt = config.responses().perPrompt();
      long available = untargeted / perPrompt / modes;
      long expected = expectedPrompts(target, available);
      notes.add(
          String.format(
              Locale.ROOT,
              "target.accepted %d on preferences: %d prompts expected (accepted / %.2f, the rows"
                  + " of preferences per prompt of target.expected-rate, 0.5 by default), at most"
                  + " %d (the fewer of target.max-attempts, %d, and the %d prompts planned);"
                  + " responses and scores"
                  + " (%d per prompt) and judge calls are planned for the expected prompts, asked"
                  + " for in rounds (the first: %d prompts, target.pilot).",
              target.accepted(),
              expected,
              rate,
              Math.min(target.maxAttempts(), available),
              target.maxAttempts(),
              available,
              perPrompt,
              Math.min(target.pilot(), available)));
      return expected * perPrompt * modes;
    }
    long expected = target.expectedAttempts(rate);
    notes.add(
        String.format(
            Locale.ROOT,
            "target.accepted %d on %s: %d attempts expected (accepted / %.2f, the acceptance rate"
                + " of target.expected-rate, 0.5 by default), at most %d (target.max-attempts);"
                + " responses and scores are planned for the expected attempts, asked for in rounds"
                + " (the first: %d, target.pilot).",
            target.accepted(),
            target.on(),
            expected,
            rate,
            target.maxAttempts(),
            target.pilot()));
    if (modes > 1) {
      notes.add(
          "With reasoning modes an attempt is a sample in each mode of its prompt: "
              + modes
              + " responses and scores per attempt are planned (an upper bound where families"
              + " differ).");
    }
    return expected * modes;
  }

  /** The most reasoning modes an attempt is asked in (1 without reasoning modes). */
  private static int modes(SdgConfig config) {
    TargetConfig target = config.target();
    return config.responses().mostModes(target.onFamily() ? target.on() : null);
  }

  /**
   * @param untargeted the prompts (times their reasoning modes) whose pairs are judged without a
   *     target
   * @return the prompts whose pairs to plan judge calls for
   */
  static double judgedPrompts(SdgConfig config, double untargeted) {
    TargetConfig target = config.target();
    if (!target.onPreferences()) {
      return untargeted;
    }
    int modes = modes(config);
    return expectedPrompts(target, (long) untargeted / modes) * (double) modes;
  }

  /** Prompts {@code target.on: preferences} is expected to answer, of {@code available}. */
  private static long expectedPrompts(TargetConfig target, long available) {
    return Math.min(available, target.expectedAttempts(target.expectedRate()));
  }
}
