package io.sparksdg.ops;

import io.sparksdg.config.SdgConfig;
import io.sparksdg.config.TargetConfig;
import java.util.List;
import java.util.Locale;

/**
 * The responses {@code plan} counts under {@code target.accepted}: the attempts the target is
 * expected to take at {@code target.expected-rate} (not the prompts times {@code
 * responses.per-prompt}), with a note saying so.
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
    return expected;
  }
}
