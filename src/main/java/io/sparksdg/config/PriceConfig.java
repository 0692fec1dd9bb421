package io.sparksdg.config;

import java.io.Serializable;

/**
 * What an endpoint charges, in US dollars per million tokens. Keys under {@code
 * endpoints.<name>.price}.
 *
 * @param inputPerMtok dollars per million prompt tokens
 * @param outputPerMtok dollars per million completion tokens
 */
public record PriceConfig(Double inputPerMtok, Double outputPerMtok) implements Serializable {

  /** An endpoint without a price: it costs nothing. */
  public static final PriceConfig FREE = new PriceConfig(0.0, 0.0);

  public PriceConfig {
    inputPerMtok = inputPerMtok == null ? 0.0 : inputPerMtok;
    outputPerMtok = outputPerMtok == null ? 0.0 : outputPerMtok;
    Checks.require(
        inputPerMtok >= 0 && outputPerMtok >= 0,
        "price.input-per-mtok and price.output-per-mtok must not be negative, got %s and %s",
        inputPerMtok,
        outputPerMtok);
  }

  /** Whether a price was given: a free endpoint has no cost figure, not a cost of $0. */
  public boolean isSet() {
    return inputPerMtok > 0 || outputPerMtok > 0;
  }

  /** The cost in dollars of these token counts. */
  public double cost(long promptTokens, long completionTokens) {
    return (promptTokens * inputPerMtok + completionTokens * outputPerMtok) / 1_000_000.0;
  }
}
