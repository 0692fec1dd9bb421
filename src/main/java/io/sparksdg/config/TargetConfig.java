package io.sparksdg.config;

import java.io.Serializable;

/**
 * Keys under {@code target}: keep making attempts until exactly {@code accepted} rows pass the
 * filters. The run asks for attempts in rounds, each sized from the acceptance rate measured so
 * far, and cuts the accepted rows to {@code accepted} by a hash of their ids. Off when {@code
 * accepted} is not set.
 *
 * <p>With {@code on: sft} or a family an attempt is one response; with {@code on: preferences} it
 * is one prompt answered {@code responses.per-prompt} times, and what is counted is rows of {@code
 * preferences}, of which a prompt can make several ({@link #preferenceRowsPerPrompt}).
 *
 * @param accepted the number of accepted rows to end with, or null for no target
 * @param on what counts as accepted: {@code sft} (a scored response that passes {@code filter} and
 *     the safety policy), a prompt family ({@code open_qa}, {@code math}, ...: the same, for that
 *     family's prompts only, and only those prompts are answered) or {@code preferences} (a kept
 *     pair of {@code preferences})
 * @param maxAttempts the most attempts the run makes: responses, or prompts for {@code preferences}
 *     (default 10 x {@code accepted})
 * @param expectedRate the acceptance rate assumed before any is measured: it sizes the first round
 *     and {@code plan}'s estimate (default 0.5); for {@code preferences}, rows per prompt, which
 *     may be above 1 when a prompt can make several pairs
 * @param pilot attempts of the first round (default: half of {@code accepted / expected-rate}, at
 *     least {@code accepted} (1 for {@code preferences}, whose prompts can make several rows), at
 *     most {@code max-attempts})
 * @param margin how much a later round asks for beyond what the measured rate predicts (default
 *     0.05: 5 % more)
 */
public record TargetConfig(
    Long accepted, String on, Long maxAttempts, Double expectedRate, Long pilot, Double margin)
    implements Serializable {

  public static final String SFT = "sft";

  public static final String PREFERENCES = "preferences";

  public static final TargetConfig DEFAULT = new TargetConfig(null, null, null, null, null, null);

  public TargetConfig {
    on = on == null ? SFT : on;
    expectedRate = expectedRate == null ? 0.5 : expectedRate;
    margin = margin == null ? 0.05 : margin;
    // its upper bound, the most rows an attempt can make, is SdgConfig's to check
    Checks.require(
        expectedRate > 0, "target.expected-rate must be a share above 0, got %s", expectedRate);
    Checks.require(
        margin >= 0 && margin <= 1, "target.margin must be between 0 and 1, got %s", margin);
    if (accepted != null) {
      Checks.require(
          accepted > 0, "target.accepted must be positive, got %s: set it to 1 or more", accepted);
      Checks.require(
          on.equals(SFT) || on.equals(PREFERENCES) || PromptsConfig.FAMILIES.contains(on),
          "target.on names '%s', which is neither sft, preferences nor a prompt family: use sft,"
              + " preferences or one of %s",
          on,
          String.join(", ", PromptsConfig.FAMILIES));
      maxAttempts = maxAttempts == null ? 10 * accepted : maxAttempts;
      // a prompt can make several preference rows: SdgConfig checks max-attempts against that
      Checks.require(
          maxAttempts >= accepted || on.equals(PREFERENCES),
          "target.max-attempts (%s) is below target.accepted (%s): every accepted row takes an"
              + " attempt, so raise max-attempts to at least %s",
          maxAttempts,
          accepted,
          accepted);
      long half = (long) Math.ceil(accepted / expectedRate / 2);
      long least = on.equals(PREFERENCES) ? 1 : accepted;
      pilot = pilot == null ? Math.min(maxAttempts, Math.max(least, half)) : pilot;
      Checks.require(
          pilot > 0 && pilot <= maxAttempts,
          "target.pilot must be between 1 and target.max-attempts (%s), got %s",
          maxAttempts,
          pilot);
    } else {
      Checks.require(
          maxAttempts == null && pilot == null,
          "target.max-attempts and target.pilot need target.accepted: set it or remove them");
    }
  }

  /** Whether a target is set. */
  public boolean enabled() {
    return accepted != null;
  }

  /** Whether accepted rows are those of one prompt family (not the whole {@code sft}). */
  public boolean onFamily() {
    return enabled() && !on.equals(SFT) && !on.equals(PREFERENCES);
  }

  /** Whether accepted rows are rows of {@code preferences} and an attempt is a prompt. */
  public boolean onPreferences() {
    return enabled() && on.equals(PREFERENCES);
  }

  /** Whether the target cuts {@code table} ({@code sft} or {@code preferences}) to its size. */
  public boolean cuts(String table) {
    return enabled() && (onPreferences() ? table.equals(PREFERENCES) : table.equals(SFT));
  }

  /**
   * The most accepted rows one attempt can make: a response sample of a prompt makes a row of
   * {@code sft} in each reasoning mode it is asked in; a prompt makes {@link
   * #preferenceRowsPerPrompt} rows of {@code preferences} in each mode (pairs are made within one).
   */
  public long rowsPerAttempt(ResponsesConfig responses, PreferencesConfig preferences) {
    int modes = responses.mostModes(onFamily() ? on : null);
    return onPreferences()
        ? modes * preferenceRowsPerPrompt(preferences, responses.perPrompt())
        : modes;
  }

  /**
   * The most rows of {@code preferences} one prompt answered {@code responses} times can make: one
   * pair for {@code best-vs-worst}, the best against each other response for {@code best-vs-each},
   * every pair for {@code all-pairs}, and never more than {@code max-pairs-per-prompt}.
   */
  public static long preferenceRowsPerPrompt(PreferencesConfig preferences, int responses) {
    if (responses < 2) {
      return 0;
    }
    long pairs =
        switch (preferences.strategy()) {
          case "best-vs-each" -> responses - 1L;
          case "all-pairs" -> responses * (responses - 1L) / 2;
          default -> 1;
        };
    return Math.max(0, Math.min(pairs, preferences.maxPairsPerPrompt()));
  }

  /** Attempts the target is expected to take at {@code rate}, capped by {@code max-attempts}. */
  public long expectedAttempts(double rate) {
    return Math.min(maxAttempts, (long) Math.ceil(accepted / rate));
  }
}
