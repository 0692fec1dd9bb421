package io.sparksdg.model;

import io.sparksdg.config.PriceConfig;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Scores a conversation that ends with the assistant turn to judge. Same blocking and failure
 * contract as {@link ChatClient}.
 */
public interface RewardClient {

  CompletableFuture<RewardScores> score(List<Message> conversation);

  /** What the endpoint charges, as {@link ChatClient#price()}. */
  default PriceConfig price() {
    return PriceConfig.FREE;
  }
}
