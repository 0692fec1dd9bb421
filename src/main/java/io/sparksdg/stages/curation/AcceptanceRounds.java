package io.sparksdg.stages.curation;

import io.sparksdg.config.TargetConfig;

/**
 * Sizes the rounds of attempts towards {@code target.accepted}: the first round is the pilot; each
 * later one asks for what the acceptance rate measured so far predicts is still needed, plus the
 * margin. The size of a round is a function of the totals of the rounds before it and nothing else
 * (not of timing), so a re-run that replays the same outcomes asks for the same attempts.
 *
 * <p>The rate is estimated as {@code (accepted + 1) / (attempts + 2)} (Laplace's rule of
 * succession): never 0, so a round with nothing accepted still sizes the next one, and within a
 * fraction of a percent of {@code accepted / attempts} once the pilot is in. When an attempt can
 * make several accepted rows (a prompt's pairs for {@code target.on: preferences}) the rate is rows
 * per attempt and may exceed 1.
 */
public final class AcceptanceRounds {

  private final TargetConfig target;
  private final long rowsPerAttempt;
  private final long available;

  /** Rounds of attempts that make at most one accepted row each, as many as the config allows. */
  public AcceptanceRounds(TargetConfig target) {
    this(target, 1, Long.MAX_VALUE);
  }

  /**
   * @param rowsPerAttempt the most accepted rows one attempt can make
   * @param available the attempts there are to make (the prompts, when an attempt is a prompt); the
   *     rounds stop there as at {@code max-attempts}
   */
  public AcceptanceRounds(TargetConfig target, long rowsPerAttempt, long available) {
    if (!target.enabled()) {
      throw new IllegalArgumentException("No target.accepted set");
    }
    if (rowsPerAttempt < 1 || available < 1) {
      throw new IllegalArgumentException(
          "rowsPerAttempt and available must be positive: " + rowsPerAttempt + ", " + available);
    }
    this.target = target;
    this.rowsPerAttempt = rowsPerAttempt;
    this.available = available;
  }

  /** The acceptance rate estimated from totals so far; {@code expected-rate} before any attempt. */
  public double rate(long attempts, long accepted) {
    return attempts == 0 ? target.expectedRate() : (accepted + 1.0) / (attempts + 2.0);
  }

  /**
   * Attempts the next round asks for, given the totals of the rounds before it; 0 when the target
   * is met or {@code max-attempts} reached.
   */
  public long nextRound(long attempts, long accepted) {
    long missing = target.accepted() - accepted;
    long room = Math.min(target.maxAttempts(), available) - attempts;
    if (missing <= 0 || room <= 0) {
      return 0;
    }
    if (attempts == 0) {
      return Math.min(room, target.pilot());
    }
    double wanted = missing / rate(attempts, accepted) * (1 + target.margin());
    // no attempt yields more than rowsPerAttempt accepted rows: fewer attempts cannot be enough
    long least = (missing + rowsPerAttempt - 1) / rowsPerAttempt;
    long size = Math.max(least, (long) Math.ceil(wanted));
    return Math.min(room, size);
  }

  /** Why the rounds stopped, in one line, given the final totals. */
  public String outcome(long attempts, long accepted) {
    if (accepted >= target.accepted()) {
      return String.format(
          "target.accepted %d reached on %s: %d accepted of %d attempts (rate %.3f), %d surplus"
              + " not kept",
          target.accepted(),
          target.on(),
          accepted,
          attempts,
          attempts == 0 ? 0.0 : accepted / (double) attempts,
          accepted - target.accepted());
    }
    if (available < target.maxAttempts() && attempts >= available) {
      return String.format(
          "target.accepted %d not reached on %s: %d accepted of %d attempts when all %d prompts"
              + " had been answered; add prompts and re-run to resume",
          target.accepted(), target.on(), accepted, attempts, available);
    }
    return String.format(
        "target.accepted %d not reached on %s: %d accepted of %d attempts when"
            + " target.max-attempts (%d) ran out; raise it and re-run to resume",
        target.accepted(), target.on(), accepted, attempts, target.maxAttempts());
  }
}
