package io.sparksdg.model.http;

import io.sparksdg.config.EndpointConfig;
import io.sparksdg.model.ErrorClass;
import io.sparksdg.model.ModelCallException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * One endpoint as seen from this JVM: its HTTP client variant, its concurrency limiter, its
 * resolved key and its counters. Shared by every task in the JVM; never serialized.
 */
final class Endpoint {

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final String name;
  private final EndpointConfig config;
  private final String apiKey;
  private final OkHttpClient client;
  private final Semaphore limiter;
  private final RetryPolicy policy;
  private final EndpointStats stats;
  private final HttpChatClient chatClient;
  private final HttpRewardClient rewardClient;

  Endpoint(String name, EndpointConfig config, String apiKey, EndpointStats stats) {
    this.name = name;
    this.config = config;
    this.apiKey = apiKey;
    this.client = SharedHttp.forEndpoint(config);
    // fair, so that no task starves while others keep the endpoint busy
    this.limiter = new Semaphore(config.maxConcurrency(), true);
    this.policy = RetryPolicy.of(config);
    this.stats = stats;
    this.chatClient = new HttpChatClient(this);
    this.rewardClient = new HttpRewardClient(this);
  }

  /**
   * Posts a chat completion body. Blocks the caller until the endpoint has a free slot, then runs
   * the call and its retries asynchronously; the slot is released when the future completes.
   */
  <T> CompletableFuture<T> post(byte[] body, Reply.Reader<T> reader) {
    Request.Builder request =
        new Request.Builder()
            .url(config.chatCompletionsUrl())
            .header("Accept", "application/json")
            .post(RequestBody.create(body, JSON));
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    try {
      limiter.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.failedFuture(
          new ModelCallException(
              ErrorClass.INTERNAL,
              0,
              0,
              "Endpoint '"
                  + name
                  + "': interrupted while waiting for one of its "
                  + config.maxConcurrency()
                  + " request slots",
              e));
    }
    return new RetryingCall<>(this, request.build(), reader).start();
  }

  /** Gives back the slot taken by {@link #post}; called exactly once per call. */
  void release() {
    limiter.release();
  }

  String name() {
    return name;
  }

  EndpointConfig config() {
    return config;
  }

  String apiKey() {
    return apiKey;
  }

  OkHttpClient client() {
    return client;
  }

  RetryPolicy policy() {
    return policy;
  }

  EndpointStats stats() {
    return stats;
  }

  HttpChatClient chatClient() {
    return chatClient;
  }

  HttpRewardClient rewardClient() {
    return rewardClient;
  }
}
