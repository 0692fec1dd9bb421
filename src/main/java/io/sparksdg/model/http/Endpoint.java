package io.sparksdg.model.http;

import io.sparksdg.config.EndpointConfig;
import io.sparksdg.config.KeySource;
import io.sparksdg.model.ErrorClass;
import io.sparksdg.model.ModelCallException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * One endpoint as seen from this JVM: its HTTP client variant, its replicas (each with its own
 * concurrency limiter and counters), its keys (each with its own per-minute budgets) and its
 * counters. Shared by every task in the JVM; never serialized.
 */
final class Endpoint {

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final Duration MAX_PROBE_TIMEOUT = Duration.ofSeconds(5);

  private final String name;
  private final EndpointConfig config;
  private final OkHttpClient client;
  private final OkHttpClient probeClient;
  private final ReplicaSet replicas;
  private final KeyRing keys;
  private final RetryPolicy policy;
  private final EndpointStats stats;
  private final HttpChatClient chatClient;
  private final HttpRewardClient rewardClient;

  /**
   * @param keyValues the endpoint's keys in the order of {@link EndpointConfig#keys()}; empty for
   *     an endpoint that takes none
   */
  Endpoint(String name, EndpointConfig config, List<String> keyValues, EndpointStats stats) {
    this.name = name;
    this.config = config;
    this.client = SharedHttp.forEndpoint(config);
    Duration probeTimeout =
        config.timeout().compareTo(MAX_PROBE_TIMEOUT) < 0 ? config.timeout() : MAX_PROBE_TIMEOUT;
    this.probeClient =
        client.newBuilder().callTimeout(probeTimeout).readTimeout(probeTimeout).build();
    List<String> urls = config.replicas();
    SharedHttp.reserve(config.maxConcurrency() * urls.size());
    List<Replica> list = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      String url = urls.get(i);
      ConcurrencyLimiter limiter = newLimiter(url);
      ReplicaStats replicaStats = stats.replica(url);
      replicaStats.attach(limiter);
      list.add(
          new Replica(
              i + 1,
              urls.size(),
              url,
              config.withBaseUrl(url).chatCompletionsUrl(),
              limiter,
              replicaStats));
    }
    stats.attach(list.get(0).limiter());
    this.replicas = new ReplicaSet(name, list, System::nanoTime, this::probe);
    this.keys = new KeyRing(name, keys(config, keyValues));
    this.policy = RetryPolicy.of(config.retry());
    this.stats = stats;
    this.chatClient = new HttpChatClient(this);
    this.rewardClient = new HttpRewardClient(this);
  }

  /** The in-flight limiter of one replica: {@code max-concurrency} (this JVM's share) each. */
  /**
   * A replica's limiter, driven by its own latency or, with {@code backpressure: queue}, by its own
   * queue (its metrics URL derived from its base-url).
   */
  private ConcurrencyLimiter newLimiter(String replicaUrl) {
    String label = config.replicas().size() == 1 ? name : name + " " + replicaUrl;
    return ConcurrencyLimiter.forEndpoint(label, config.withBaseUrl(replicaUrl));
  }

  private static List<ApiKey> keys(EndpointConfig config, List<String> values) {
    List<ApiKey> keys = new ArrayList<>();
    List<KeySource> sources = config.keys();
    if (sources.isEmpty()) {
      keys.add(
          new ApiKey(
              1,
              1,
              "no key",
              null,
              new RateBudget(config.limits().requestsPerMinute(), System::nanoTime),
              new RateBudget(config.limits().tokensPerMinute(), System::nanoTime)));
      return keys;
    }
    if (values.size() != sources.size()) {
      throw new IllegalArgumentException(
          "Endpoint has " + sources.size() + " keys configured but " + values.size() + " read");
    }
    for (int i = 0; i < sources.size(); i++) {
      KeySource source = sources.get(i);
      keys.add(
          new ApiKey(
              i + 1,
              sources.size(),
              source.label(),
              values.get(i),
              new RateBudget(source.requestsPerMinute(config.limits()), System::nanoTime),
              new RateBudget(source.tokensPerMinute(config.limits()), System::nanoTime)));
    }
    return keys;
  }

  /**
   * Posts a chat completion body. Blocks the caller until a live replica has a free slot, then runs
   * the call and its retries asynchronously; the slot is released when the future completes.
   */
  <T> CompletableFuture<T> post(byte[] body, Reply.Reader<T> reader) {
    Replica replica;
    try {
      replica = replicas.acquire(config.timeout().toNanos());
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
                  + slots()
                  + " request slots",
              e));
    }
    if (replica == null) {
      return CompletableFuture.failedFuture(
          new ModelCallException(ErrorClass.CONNECTION, 0, 0, allEjectedMessage(), null));
    }
    return new RetryingCall<>(
            this, RequestBody.create(body, JSON), replica, reader, tokenEstimate(body))
        .start();
  }

  /** The in-flight limits of the live replicas together. */
  private int slots() {
    int sum = 0;
    for (Replica r : replicas.replicas()) {
      sum += r.ejected ? 0 : r.limiter().currentLimit();
    }
    return sum;
  }

  /** The message of a call that found no replica live for as long as an attempt may take. */
  String allEjectedMessage() {
    return "Endpoint '"
        + name
        + "': all "
        + config.replicas().size()
        + " replicas were ejected for "
        + config.timeout().toSeconds()
        + " s (connection refused, 5xx or timeouts); check that the servers in base-url are up";
  }

  /** One attempt's request: the replica's URL and the key's Authorization header. */
  Request request(Replica replica, ApiKey key, RequestBody body) {
    Request.Builder request =
        new Request.Builder()
            .url(replica.chatUrl())
            .header("Accept", "application/json")
            .post(body);
    if (key.value() != null) {
      request.header("Authorization", "Bearer " + key.value());
    }
    return request.build();
  }

  /** Asks an ejected replica for {@code GET /v1/models}: any answer below 500 means it is up. */
  private void probe(Replica replica, Consumer<Boolean> done) {
    String base = replica.baseUrl();
    Request.Builder request =
        new Request.Builder().url((base.endsWith("/v1") ? base : base + "/v1") + "/models").get();
    for (ApiKey key : keys.keys()) {
      if (!key.retired() && key.value() != null) {
        request.header("Authorization", "Bearer " + key.value());
        break;
      }
    }
    try {
      probeClient
          .newCall(request.build())
          .enqueue(
              new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                  done.accept(false);
                }

                @Override
                public void onResponse(Call call, Response response) {
                  try (response) {
                    done.accept(response.code() < 500);
                  }
                }
              });
    } catch (RuntimeException e) {
      done.accept(false);
    }
  }

  /** Text with every key of the endpoint replaced by {@value FailureMessages#REDACTED}. */
  String redact(String text) {
    String out = text;
    for (ApiKey key : keys.keys()) {
      out = FailureMessages.redact(out, key.value());
    }
    return out;
  }

  /** A request's likely token cost before it is sent: about 4 bytes a token, plus max-tokens. */
  private double tokenEstimate(byte[] body) {
    return body.length / 4.0 + (config.maxTokens() == null ? 0 : config.maxTokens());
  }

  ReplicaSet replicas() {
    return replicas;
  }

  KeyRing keys() {
    return keys;
  }

  String name() {
    return name;
  }

  EndpointConfig config() {
    return config;
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
