package io.sparksdg.model.http;

import io.sparksdg.config.EndpointConfig;
import io.sparksdg.model.ErrorClass;
import io.sparksdg.model.ModelCallException;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * One endpoint as seen from this JVM: its HTTP client variant, its concurrency limiter, its
 * per-minute budgets, its resolved key and its counters. Shared by every task in the JVM; never
 * serialized.
 */
final class Endpoint {

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final String name;
  private final EndpointConfig config;
  private final String apiKey;
  // parsed once: OkHttp would otherwise parse and canonicalize the URL string on every request
  private final HttpUrl url;
  private final OkHttpClient client;
  private final ConcurrencyLimiter limiter;
  private final RateBudget requests;
  private final RateBudget tokens;
  private final RetryPolicy policy;
  private final EndpointStats stats;
  private final HttpChatClient chatClient;
  private final HttpRewardClient rewardClient;

  Endpoint(String name, EndpointConfig config, String apiKey, EndpointStats stats) {
    this.name = name;
    this.config = config;
    this.apiKey = apiKey;
    this.url = HttpUrl.get(config.chatCompletionsUrl());
    this.client = SharedHttp.forEndpoint(config);
    SharedHttp.reserve(config.maxConcurrency());
    this.limiter = ConcurrencyLimiter.forEndpoint(name, config);
    this.requests = new RateBudget(config.limits().requestsPerMinute(), System::nanoTime);
    this.tokens = new RateBudget(config.limits().tokensPerMinute(), System::nanoTime);
    stats.attach(limiter);
    this.policy = RetryPolicy.of(config.retry());
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
            .url(url)
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
                  + limiter.currentLimit()
                  + " request slots",
              e));
    }
    return new RetryingCall<>(this, request.build(), reader, tokenEstimate(body)).start();
  }

  /** Gives back the slot taken by {@link #post}; called exactly once per call. */
  void release() {
    limiter.release();
  }

  /**
   * Takes one request and {@code tokens} tokens from the per-minute budgets for an attempt; returns
   * the nanoseconds to wait before sending it.
   */
  long reserveAttempt(double tokenCount) {
    return Math.max(requests.reserve(1), tokens.reserve(tokenCount));
  }

  /** Corrects the token budget once an attempt's real cost (or that it cost nothing) is known. */
  void settleTokens(double reserved, double used) {
    tokens.adjust(reserved - used);
  }

  /** Tightens the per-minute budgets from the server's {@code x-ratelimit-*} headers, if any. */
  void serverLimits(Response response) {
    double remainingRequests =
        RateBudget.parseRemaining(response.header("x-ratelimit-remaining-requests"));
    if (!Double.isNaN(remainingRequests)) {
      requests.serverSays(
          remainingRequests,
          RateBudget.parseResetNanos(response.header("x-ratelimit-reset-requests")));
    }
    double remainingTokens =
        RateBudget.parseRemaining(response.header("x-ratelimit-remaining-tokens"));
    if (!Double.isNaN(remainingTokens)) {
      tokens.serverSays(
          remainingTokens, RateBudget.parseResetNanos(response.header("x-ratelimit-reset-tokens")));
    }
  }

  /** A request's likely token cost before it is sent: about 4 bytes a token, plus max-tokens. */
  private double tokenEstimate(byte[] body) {
    return body.length / 4.0 + (config.maxTokens() == null ? 0 : config.maxTokens());
  }

  ConcurrencyLimiter limiter() {
    return limiter;
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
