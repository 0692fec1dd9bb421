package io.sparksdg.model.http;

import io.sparksdg.config.PriceConfig;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.ErrorClass;
import io.sparksdg.model.Message;
import io.sparksdg.model.ModelCallException;
import io.sparksdg.model.RewardClient;
import io.sparksdg.model.RewardScores;
import io.sparksdg.model.Sampling;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link RewardClient} for a reward model behind a NIM: the conversation goes out as an ordinary
 * chat completion and the scores come back as described in {@link RewardReplyParser}.
 */
final class HttpRewardClient implements RewardClient {

  private final Endpoint endpoint;

  HttpRewardClient(Endpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public PriceConfig price() {
    return endpoint.config().callPrice();
  }

  @Override
  public CompletableFuture<RewardScores> score(List<Message> conversation) {
    Objects.requireNonNull(conversation, "conversation");
    Message last = conversation.isEmpty() ? null : conversation.get(conversation.size() - 1);
    if (last == null || !"assistant".equals(last.role())) {
      return CompletableFuture.failedFuture(
          new ModelCallException(
              ErrorClass.INVALID_INPUT,
              0,
              0,
              "Endpoint '"
                  + endpoint.name()
                  + "': a conversation to score must end with the assistant turn, not with "
                  + (last == null ? "nothing" : "'" + last.role() + "'"),
              null));
    }
    byte[] body =
        ChatRequestJson.write(ChatRequest.of(conversation, Sampling.DEFAULT), endpoint.config());
    String defaultModel = endpoint.config().model();
    return endpoint.post(
        body,
        (json, stats) -> {
          RewardReplyParser.RewardReply reply = RewardReplyParser.parse(json);
          String model = reply.model() != null ? reply.model() : defaultModel;
          return new Reply<>(
              new RewardScores(reply.attributes(), reply.raw(), model, reply.usage(), stats),
              reply.usage());
        });
  }
}
