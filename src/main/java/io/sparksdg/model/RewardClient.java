package io.sparksdg.model;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Scores a conversation that ends with the assistant turn to judge. Same blocking and failure
 * contract as {@link ChatClient}.
 */
public interface RewardClient {

  CompletableFuture<RewardScores> score(List<Message> conversation);
}
