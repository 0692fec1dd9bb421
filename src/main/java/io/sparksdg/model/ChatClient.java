package io.sparksdg.model;

import java.util.concurrent.CompletableFuture;

/**
 * Sends chat completion requests to one endpoint. Implementations own retries and the endpoint's
 * concurrency limit: {@link #complete} may block the caller until the endpoint has a free slot, and
 * the returned future fails only with a {@link ModelCallException}.
 */
public interface ChatClient {

  CompletableFuture<Completion> complete(ChatRequest request);
}
