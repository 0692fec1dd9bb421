package io.sparksdg.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One model server. Keys under {@code endpoints.<name>}, all at one level: the YAML is flat and
 * {@link EndpointConfigBuilder} reads it, while the record groups the keys by what reads them.
 *
 * @param connection where the server is and how to talk to it
 * @param limits how much of it the job may use at once and per minute
 * @param backpressure what moves the in-flight limit: latency, the server's queue, or nothing
 * @param retry how often and how patiently to retry
 * @param sampling the sampling parameters sent when a request does not set its own
 * @param price what the endpoint charges per million tokens, for cost figures and {@code
 *     run.max-budget}; free when not set
 * @param expectedOutputTokens the completion tokens {@code sdg plan} expects per request; by
 *     default {@code max-tokens}, else 256 (1 for a reward model)
 * @param fleet every replica and every key of the endpoint; {@code connection} names the first of
 *     each
 * @param batch whether calls go out online or through the server's batch API, and how
 */
@JsonDeserialize(builder = EndpointConfigBuilder.class)
public record EndpointConfig(
    Connection connection,
    Limits limits,
    Backpressure backpressure,
    Retry retry,
    SamplingDefaults sampling,
    PriceConfig price,
    Integer expectedOutputTokens,
    Fleet fleet,
    BatchSettings batch)
    implements Serializable {

  public static final String EMBEDDED = "embedded";

  public EndpointConfig {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(backpressure, "backpressure");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(sampling, "sampling");
    price = price == null ? PriceConfig.FREE : price;
    Checks.require(
        expectedOutputTokens == null || expectedOutputTokens > 0,
        "expected-output-tokens must be positive, got %s",
        expectedOutputTokens);
    fleet = fleet == null ? Fleet.of(connection) : fleet;
    Checks.require(
        fleet.replicas().size() == 1 || backpressure.metricsUrl() == null,
        "metrics-url names one server, but base-url lists %s replicas; remove metrics-url (each"
            + " replica's is its base-url without /v1, plus /metrics)",
        fleet.replicas().size());
    Checks.require(
        fleet.replicas().get(0).equals(connection.baseUrl()),
        "the first replica (%s) must be base-url (%s)",
        fleet.replicas().get(0),
        connection.baseUrl());
    batch = batch == null ? new BatchSettings(null, null, null, null) : batch;
    Checks.require(
        batch.mode() == EndpointMode.ONLINE || connection.kind() != EndpointKind.NEMOTRON_REWARD,
        "mode: batch needs a chat endpoint; a %s endpoint is called online",
        connection.kind().key());
  }

  /**
   * Where the server is and how to talk to it.
   *
   * @param baseUrl the server's base URL ({@code http://host:8000} or {@code http://host:8000/v1}),
   *     or {@code embedded} for the built-in simulator, which the driver starts and resolves to a
   *     URL before the config reaches executors
   * @param model the model name sent in requests
   * @param kind the wire format
   * @param apiKeyEnv name of an environment variable holding the API key, or null
   * @param apiKeyFile path of a file holding the API key, or null
   * @param timeout the time one HTTP attempt may take, from connect to the last byte
   * @param structuredOutput whether the server takes {@code response_format: json_schema} (NIM,
   *     vLLM, SGLang, llama.cpp do); when false, a request's JSON schema is described in its last
   *     user message instead and the reply is parsed tolerantly; true by default
   */
  public record Connection(
      String baseUrl,
      String model,
      EndpointKind kind,
      String apiKeyEnv,
      String apiKeyFile,
      Duration timeout,
      Boolean structuredOutput)
      implements Serializable {

    public Connection {
      Checks.require(baseUrl != null && !baseUrl.isBlank(), "base-url is required");
      if (!EMBEDDED.equals(baseUrl)) {
        checkUrl("base-url", baseUrl);
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
      }
      Checks.require(model != null && !model.isBlank(), "model is required");
      kind = kind == null ? EndpointKind.CHAT : kind;
      timeout = timeout == null ? Duration.ofSeconds(120) : timeout;
      Checks.require(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
      Checks.require(
          apiKeyEnv == null || apiKeyFile == null, "set api-key-env or api-key-file, not both");
      structuredOutput = structuredOutput == null ? Boolean.TRUE : structuredOutput;
    }

    static void checkUrl(String key, String url) {
      URI uri;
      try {
        uri = new URI(url);
      } catch (Exception e) {
        throw new ConfigException(key + " '" + url + "' is not a URL: " + e.getMessage());
      }
      String scheme = uri.getScheme();
      Checks.require(
          ("http".equals(scheme) || "https".equals(scheme)) && uri.getHost() != null,
          "%s '%s' must be an http(s) URL with a host, like http://localhost:8000%s",
          key,
          url,
          "base-url".equals(key) ? ", or '" + EMBEDDED + "'" : "/metrics");
    }
  }

  /**
   * How much of the server the job may use.
   *
   * @param maxConcurrency the job-wide in-flight request budget for each replica of this endpoint
   * @param minConcurrency the least in-flight limit adaptation may shrink to; 1 by default
   * @param adaptive whether the in-flight limit adapts to the server: it shrinks on 429, 503 and
   *     timeouts and when latency rises well past its baseline (servers such as vLLM queue rather
   *     than refuse), and grows back on success, never above {@code maxConcurrency}; true by
   *     default
   * @param requestsPerMinute the job-wide request budget per minute of each key (hosted APIs),
   *     unless its {@code api-keys} entry sets its own; null for none
   * @param tokensPerMinute the job-wide token budget per minute of each key (prompt plus
   *     completion), unless its {@code api-keys} entry sets its own; null for none
   */
  public record Limits(
      Integer maxConcurrency,
      Integer minConcurrency,
      Boolean adaptive,
      Integer requestsPerMinute,
      Integer tokensPerMinute)
      implements Serializable {

    public Limits {
      maxConcurrency = maxConcurrency == null ? 16 : maxConcurrency;
      Checks.require(
          maxConcurrency > 0, "max-concurrency must be positive, got %s", maxConcurrency);
      adaptive = adaptive == null ? Boolean.TRUE : adaptive;
      minConcurrency = minConcurrency == null ? 1 : minConcurrency;
      Checks.require(
          minConcurrency > 0 && minConcurrency <= maxConcurrency,
          "min-concurrency must be from 1 to max-concurrency (%s), got %s",
          maxConcurrency,
          minConcurrency);
      Checks.require(
          requestsPerMinute == null || requestsPerMinute > 0,
          "requests-per-minute must be positive, got %s",
          requestsPerMinute);
      Checks.require(
          tokensPerMinute == null || tokensPerMinute > 0,
          "tokens-per-minute must be positive, got %s",
          tokensPerMinute);
    }
  }

  /**
   * How often and how patiently to retry.
   *
   * @param maxAttempts HTTP attempts per request, the first included
   * @param initialBackoff the first retry's back-off cap (full jitter: the delay is uniform in [0,
   *     cap])
   * @param maxBackoff the largest back-off cap
   */
  public record Retry(Integer maxAttempts, Duration initialBackoff, Duration maxBackoff)
      implements Serializable {

    public Retry {
      maxAttempts = maxAttempts == null ? 6 : maxAttempts;
      Checks.require(maxAttempts >= 1, "max-attempts must be at least 1, got %s", maxAttempts);
      initialBackoff = initialBackoff == null ? Duration.ofMillis(500) : initialBackoff;
      maxBackoff = maxBackoff == null ? Duration.ofSeconds(30) : maxBackoff;
      Checks.require(!initialBackoff.isNegative(), "initial-backoff must not be negative");
      Checks.require(
          maxBackoff.compareTo(initialBackoff) >= 0,
          "max-backoff must be at least initial-backoff");
    }
  }

  /**
   * The sampling parameters sent when a request does not set its own.
   *
   * @param temperature sampling temperature, or null for the server's default
   * @param topP nucleus sampling, or null
   * @param maxTokens the most tokens to generate, or null
   */
  public record SamplingDefaults(Double temperature, Double topP, Integer maxTokens)
      implements Serializable {

    public SamplingDefaults {
      Checks.require(
          temperature == null || (temperature >= 0 && temperature <= 2),
          "temperature must be in [0, 2], got %s",
          temperature);
      Checks.require(
          topP == null || (topP > 0 && topP <= 1), "top-p must be in (0, 1], got %s", topP);
      Checks.require(
          maxTokens == null || maxTokens > 0, "max-tokens must be positive, got %s", maxTokens);
    }
  }

  public static EndpointConfigBuilder builder() {
    return new EndpointConfigBuilder();
  }

  /** A builder holding this endpoint's values, to copy it with some of them changed. */
  public EndpointConfigBuilder toBuilder() {
    EndpointConfigBuilder b =
        new EndpointConfigBuilder()
            .baseUrls(fleet.replicas())
            .model(connection.model())
            .kind(connection.kind())
            .timeout(connection.timeout())
            .structuredOutput(connection.structuredOutput())
            .maxConcurrency(limits.maxConcurrency())
            .minConcurrency(limits.minConcurrency())
            .adaptive(limits.adaptive())
            .requestsPerMinute(limits.requestsPerMinute())
            .tokensPerMinute(limits.tokensPerMinute())
            .backpressure(backpressure.mode())
            .queueBound(backpressure.queueBound())
            .metricsUrl(backpressure.metricsUrl())
            .metricsPollInterval(backpressure.metricsPollInterval())
            .maxAttempts(retry.maxAttempts())
            .initialBackoff(retry.initialBackoff())
            .maxBackoff(retry.maxBackoff())
            .temperature(sampling.temperature())
            .topP(sampling.topP())
            .maxTokens(sampling.maxTokens())
            .price(price)
            .expectedOutputTokens(expectedOutputTokens)
            .mode(batch.mode())
            .batchCompletionWindow(batch.completionWindow())
            .batchPollInterval(batch.pollInterval())
            .batchMaxResubmissions(batch.maxResubmissions());
    b.copiedKeys = fleet.keys();
    return b;
  }

  /** Whether this endpoint's calls go through the batch API. */
  public boolean batchMode() {
    return batch.mode() == EndpointMode.BATCH;
  }

  /** What one call costs: the price, less {@code price.batch-discount} in batch mode. */
  public PriceConfig callPrice() {
    return batchMode() ? price.batched() : price;
  }

  public String baseUrl() {
    return connection.baseUrl();
  }

  public String model() {
    return connection.model();
  }

  public EndpointKind kind() {
    return connection.kind();
  }

  public String apiKeyEnv() {
    return connection.apiKeyEnv();
  }

  public String apiKeyFile() {
    return connection.apiKeyFile();
  }

  public Duration timeout() {
    return connection.timeout();
  }

  public Integer maxConcurrency() {
    return limits.maxConcurrency();
  }

  public Double temperature() {
    return sampling.temperature();
  }

  public Double topP() {
    return sampling.topP();
  }

  public Integer maxTokens() {
    return sampling.maxTokens();
  }

  /** The completion tokens a plan expects per request to this endpoint. */
  public int plannedOutputTokens() {
    if (expectedOutputTokens != null) {
      return expectedOutputTokens;
    }
    if (maxTokens() != null) {
      return maxTokens();
    }
    return kind() == EndpointKind.NEMOTRON_REWARD ? 1 : 256;
  }

  public boolean embedded() {
    return EMBEDDED.equals(baseUrl());
  }

  /**
   * How the in-flight limit moves: {@code backpressure}, except that {@code adaptive: false} means
   * a fixed limit.
   */
  public BackpressureMode backpressureMode() {
    return limits.adaptive() ? backpressure.mode() : BackpressureMode.NONE;
  }

  /**
   * Where the server's Prometheus metrics are: {@code metrics-url}, else base-url without a
   * trailing {@code /v1}, plus {@code /metrics}; null while base-url is still {@code embedded}.
   */
  public String metricsUrl() {
    if (backpressure.metricsUrl() != null) {
      return backpressure.metricsUrl();
    }
    if (embedded()) {
      return null;
    }
    String base = baseUrl();
    return (base.endsWith("/v1") ? base.substring(0, base.length() - 3) : base) + "/metrics";
  }

  /** The URL of {@code /v1/chat/completions}, whether or not base-url already ends in /v1. */
  public String chatCompletionsUrl() {
    String base = baseUrl();
    return (base.endsWith("/v1") ? base : base + "/v1") + "/chat/completions";
  }

  public EndpointConfig withBaseUrl(String url) {
    return toBuilder().baseUrl(url).build();
  }

  /** The base URLs of every replica; one unless {@code base-url} is a list. */
  public List<String> replicas() {
    return fleet.replicas();
  }

  /** Every key of the endpoint in configured order; empty when it takes none. */
  public List<KeySource> keys() {
    return fleet.keys();
  }

  /**
   * One executor's share of the job-wide budgets when {@code executors} executors call this
   * endpoint: max-concurrency and the per-minute budgets divided (rounded up, at least 1),
   * min-concurrency kept within the share.
   */
  public EndpointConfig shareAcross(int executors) {
    Checks.require(executors > 0, "executors must be positive, got %s", executors);
    int share = divide(limits.maxConcurrency(), executors);
    EndpointConfigBuilder b =
        toBuilder()
            .maxConcurrency(share)
            .minConcurrency(Math.min(limits.minConcurrency(), share))
            .requestsPerMinute(divide(limits.requestsPerMinute(), executors))
            .tokensPerMinute(divide(limits.tokensPerMinute(), executors));
    b.copiedKeys = fleet.keys().stream().map(k -> k.share(executors)).toList();
    return b.build();
  }

  static Integer divide(Integer budget, int parts) {
    return budget == null ? null : Math.max(1, (int) Math.ceil((double) budget / parts));
  }
}
