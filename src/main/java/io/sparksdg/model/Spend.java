package io.sparksdg.model;

import io.sparksdg.config.PriceConfig;
import java.io.Serializable;

/**
 * The tokens of one or more model calls and what they cost, each call at its own endpoint's price:
 * the per-row figures of {@code responses}, {@code scores}, {@code dialogues} and {@code
 * judgements}. A call to an unpriced endpoint adds its tokens and no dollars, as it adds nothing to
 * the run's cost in {@code _metrics.json}; the cost is null only while none of the calls was
 * priced.
 *
 * @param costUsd US dollars, or null when no call was to a priced endpoint
 */
public record Spend(long promptTokens, long completionTokens, Double costUsd)
    implements Serializable {

  /** No call yet. */
  public static final Spend NONE = new Spend(0, 0, null);

  /** One call's usage at its endpoint's price; no cost figure when the endpoint has no price. */
  public static Spend of(Usage usage, PriceConfig price) {
    return new Spend(
        usage.promptTokens(),
        usage.completionTokens(),
        price.isSet() ? price.cost(usage.promptTokens(), usage.completionTokens()) : null);
  }

  /** This and {@code other} together: tokens added, and the priced calls' costs. */
  public Spend plus(Spend other) {
    Double cost =
        costUsd == null
            ? other.costUsd
            : other.costUsd == null ? costUsd : (Double) (costUsd + other.costUsd);
    return new Spend(
        promptTokens + other.promptTokens, completionTokens + other.completionTokens, cost);
  }
}
