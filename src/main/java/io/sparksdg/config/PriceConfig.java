package io.sparksdg.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.io.Serializable;

/**
 * What an endpoint charges, in US dollars per million tokens. Keys under {@code
 * endpoints.<name>.price}.
 *
 * @param inputPerMtok dollars per million prompt tokens
 * @param outputPerMtok dollars per million completion tokens
 * @param batchDiscount the share taken off both prices for calls made through the batch API ({@code
 *     mode: batch}), from 0 to below 1; 0.5 by default, as OpenAI and most providers charge half
 *     for batches
 */
public record PriceConfig(Double inputPerMtok, Double outputPerMtok, Double batchDiscount)
    implements Serializable {

  /** An endpoint without a price: it costs nothing. */
  public static final PriceConfig FREE = new PriceConfig(0.0, 0.0);

  /** Online prices with the default batch discount. */
  public PriceConfig(Double inputPerMtok, Double outputPerMtok) {
    this(inputPerMtok, outputPerMtok, null);
  }

  @JsonCreator
  public PriceConfig {
    batchDiscount = batchDiscount == null ? 0.5 : batchDiscount;
    Checks.require(
        batchDiscount >= 0 && batchDiscount < 1,
        "price.batch-discount must be from 0 to below 1 (0.5 = half price), got %s",
        batchDiscount);
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

  /** The price of a call made through the batch API: both prices less the batch discount. */
  public PriceConfig batched() {
    return new PriceConfig(
        inputPerMtok * (1 - batchDiscount), outputPerMtok * (1 - batchDiscount), batchDiscount);
  }

  /** The cost in dollars of these token counts. */
  public double cost(long promptTokens, long completionTokens) {
    return (promptTokens * inputPerMtok + completionTokens * outputPerMtok) / 1_000_000.0;
  }
}
