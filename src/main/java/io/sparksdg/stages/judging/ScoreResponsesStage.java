package io.sparksdg.stages.judging;

import io.sparksdg.judge.RewardWeights;
import io.sparksdg.model.Message;
import io.sparksdg.model.RewardClient;
import io.sparksdg.model.RewardScores;
import io.sparksdg.model.Spend;
import io.sparksdg.records.FailureRecord;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.ResponseRecord;
import io.sparksdg.records.ScoreRecord;
import io.sparksdg.records.Stage;
import io.sparksdg.records.UnusableOutputException;
import io.sparksdg.stages.InFlight;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Asks the reward model to judge each response: the conversation is the prompt followed by the
 * response as the assistant turn.
 */
public final class ScoreResponsesStage implements Serializable {

  private final RewardWeights weights;
  private final boolean includeReasoning;

  public ScoreResponsesStage(RewardWeights weights) {
    this(weights, false);
  }

  /**
   * @param includeReasoning send a response's reasoning too, as a leading {@code <think>} block
   *     ({@code scores.include-reasoning}); otherwise the reward model scores the answer alone
   */
  public ScoreResponsesStage(RewardWeights weights, boolean includeReasoning) {
    this.weights = weights;
    this.includeReasoning = includeReasoning;
  }

  /** A response with the prompt it answers. */
  public record Item(PromptRecord prompt, ResponseRecord response) implements Serializable {}

  public Iterator<Outcome<ScoreRecord>> run(
      Iterator<Item> items, RewardClient client, int lookahead) {
    return InFlight.map(items, item -> score(item, client), lookahead);
  }

  /** The score (or failure) of one response; both carry the response id. */
  public CompletableFuture<Outcome<ScoreRecord>> score(Item item, RewardClient client) {
    List<Message> conversation = new ArrayList<>(item.prompt().messages());
    String reasoning = item.response().reasoning();
    conversation.add(
        Message.assistant(
            includeReasoning && reasoning != null
                ? "<think>\n" + reasoning + "\n</think>\n\n" + item.response().text()
                : item.response().text()));
    String responseId = item.response().responseId();
    String promptId = item.response().promptId();
    CompletableFuture<RewardScores> call;
    try {
      call = client.score(conversation);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    return call.handle(
        (scores, error) -> {
          if (error != null) {
            return Outcome.failed(FailureRecord.of(responseId, promptId, Stage.SCORES, error));
          }
          double reward;
          try {
            reward = weights.reward(scores);
          } catch (IllegalArgumentException e) {
            return Outcome.failed(
                FailureRecord.of(
                    responseId,
                    promptId,
                    Stage.SCORES,
                    new UnusableOutputException(
                        e.getMessage(), scores.raw(), scores.stats().attempts())));
          }
          Spend spend = Spend.of(scores.usage(), client.price());
          return Outcome.ok(
              new ScoreRecord(
                  responseId,
                  promptId,
                  nullable(scores, RewardScores.HELPFULNESS),
                  nullable(scores, RewardScores.CORRECTNESS),
                  nullable(scores, RewardScores.COHERENCE),
                  nullable(scores, RewardScores.COMPLEXITY),
                  nullable(scores, RewardScores.VERBOSITY),
                  reward,
                  scores.model(),
                  scores.raw(),
                  spend.promptTokens(),
                  spend.completionTokens(),
                  spend.costUsd(),
                  scores.stats().attempts(),
                  scores.stats().latencyMillis()));
        });
  }

  private static Double nullable(RewardScores scores, String attribute) {
    return scores.attributes().get(attribute);
  }
}
