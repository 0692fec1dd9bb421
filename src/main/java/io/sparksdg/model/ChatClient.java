package io.sparksdg.model;

import io.sparksdg.config.PriceConfig;
import java.util.concurrent.CompletableFuture;

/**
 * Sends chat completion requests to one endpoint. Implementations own retries and the endpoint's
 * concurrency limit: {@link #complete} may block the caller until the endpoint has a free slot, and
 * the returned future fails only with a {@link ModelCallException}.
 */
public interface ChatClient {

  CompletableFuture<Completion> complete(ChatRequest request);

  /**
   * What the endpoint charges, for the cost of each row its calls make ({@link Spend}); {@link
   * PriceConfig#FREE}, no cost figure, unless the endpoint has a price.
   */
  default PriceConfig price() {
    return PriceConfig.FREE;
  }
}
