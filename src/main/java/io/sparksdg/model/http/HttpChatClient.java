package io.sparksdg.model.http;

import io.sparksdg.config.PriceConfig;
import io.sparksdg.model.ChatClient;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.Completion;
import io.sparksdg.model.ErrorClass;
import io.sparksdg.model.ModelCallException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** A {@link ChatClient} for an OpenAI-compatible {@code /v1/chat/completions} endpoint. */
final class HttpChatClient implements ChatClient {

  private final Endpoint endpoint;

  HttpChatClient(Endpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public PriceConfig price() {
    return endpoint.config().callPrice();
  }

  @Override
  public CompletableFuture<Completion> complete(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    byte[] body;
    try {
      body = ChatRequestJson.write(request, endpoint.config());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(
          new ModelCallException(
              ErrorClass.INVALID_INPUT,
              0,
              0,
              "Endpoint '" + endpoint.name() + "': " + e.getMessage(),
              e));
    }
    String defaultModel = endpoint.config().model();
    return endpoint.post(body, (json, stats) -> ChatReplyParser.parse(json, defaultModel, stats));
  }
}
