package io.sparksdg.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One model server. Keys under {@code endpoints.<name>}, all at one level: the YAML is flat and
 * {@link Builder} reads it, while the record groups the keys by what reads them.
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
@JsonDeserialize(builder = EndpointConfig.Builder.class)
public record EndpointConfig(
    Connection connection,
    Limits limits,
    Backpressure backpressure,
    Retry retry,
    SamplingDefaults sampling,
    PriceConfig price,
    Integer expectedOutputTokens,
    Fleet fleet,
    Batch batch)
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
    batch = batch == null ? new Batch(null, null, null, null) : batch;
    Checks.require(
        batch.mode() == EndpointMode.ONLINE || connection.kind() != EndpointKind.NEMOTRON_REWARD,
        "mode: batch needs a chat endpoint; a %s endpoint is called online",
        connection.kind().key());
  }

  /**
   * Batch mode: the endpoint's calls are written as JSONL files, uploaded to {@code /v1/files} and
   * run as {@code /v1/batches}, polled until done.
   *
   * @param mode online (the default) or batch
   * @param completionWindow the batch's completion window, whole hours; 24h by default (the one
   *     window OpenAI offers)
   * @param pollInterval how often the driver asks for a pending batch's status; 30s by default
   * @param maxResubmissions how many times lines that failed or expired are sent again in a new
   *     batch before they go to {@code failures}; 2 by default
   */
  public record Batch(
      EndpointMode mode, Duration completionWindow, Duration pollInterval, Integer maxResubmissions)
      implements Serializable {

    public Batch {
      mode = mode == null ? EndpointMode.ONLINE : mode;
      completionWindow = completionWindow == null ? Duration.ofHours(24) : completionWindow;
      Checks.require(
          completionWindow.toHours() >= 1
              && completionWindow.equals(Duration.ofHours(completionWindow.toHours())),
          "batch-completion-window must be whole hours, like 24h, got %s",
          completionWindow);
      pollInterval = pollInterval == null ? Duration.ofSeconds(30) : pollInterval;
      Checks.require(
          !pollInterval.isNegative() && !pollInterval.isZero(),
          "batch-poll-interval must be positive, got %s",
          pollInterval);
      maxResubmissions = maxResubmissions == null ? 2 : maxResubmissions;
      Checks.require(
          maxResubmissions >= 0 && maxResubmissions <= 10,
          "batch-max-resubmissions must be from 0 to 10, got %s",
          maxResubmissions);
    }

    /** The window as the batches API takes it, such as {@code 24h}. */
    public String windowKey() {
      return completionWindow.toHours() + "h";
    }
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

    private static void checkUrl(String key, String url) {
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
   * What moves the in-flight limit. {@code adaptive: false} is the older spelling of {@code
   * backpressure: none} and wins over this.
   *
   * @param mode latency (the default), queue or none
   * @param queueBound in queue mode, the most requests the server should keep waiting (all
   *     executors together); 8 by default: enough that a slot freed is refilled from the server's
   *     own queue while the client's next request is on its way, few enough to add little to every
   *     request's latency
   * @param metricsUrl the server's Prometheus metrics, or null for base-url without a trailing
   *     {@code /v1}, plus {@code /metrics} (vLLM, SGLang; NIM serves them at {@code /v1/metrics})
   * @param metricsPollInterval how often each executor JVM reads the metrics in queue mode; 250 ms
   *     by default
   */
  public record Backpressure(
      BackpressureMode mode, Integer queueBound, String metricsUrl, Duration metricsPollInterval)
      implements Serializable {

    public static final int DEFAULT_QUEUE_BOUND = 8;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);

    public Backpressure {
      mode = mode == null ? BackpressureMode.LATENCY : mode;
      queueBound = queueBound == null ? DEFAULT_QUEUE_BOUND : queueBound;
      Checks.require(
          queueBound >= 1 && queueBound <= 100_000,
          "queue-bound must be from 1 to 100000, got %s",
          queueBound);
      if (metricsUrl != null && !metricsUrl.isBlank()) {
        Connection.checkUrl("metrics-url", metricsUrl);
      } else {
        metricsUrl = null;
      }
      metricsPollInterval =
          metricsPollInterval == null ? DEFAULT_POLL_INTERVAL : metricsPollInterval;
      Checks.require(
          metricsPollInterval.compareTo(Duration.ofMillis(50)) >= 0
              && metricsPollInterval.compareTo(Duration.ofMinutes(1)) <= 0,
          "metrics-poll-interval must be from 50ms to 1m, got %s",
          metricsPollInterval);
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

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this endpoint's values, to copy it with some of them changed. */
  public Builder toBuilder() {
    Builder b =
        new Builder()
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
    Builder b =
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

  /**
   * Builds an {@link EndpointConfig} from its flat keys; {@link ConfigLoader} reads the YAML
   * through it, so each setter is one key (kebab-case of its name) and unset keys take the defaults
   * the records give them.
   */
  @JsonPOJOBuilder(withPrefix = "")
  public static final class Builder {
    private String model;
    private EndpointKind kind;
    private Duration timeout;
    private Boolean structuredOutput;
    private Integer maxConcurrency;
    private Integer minConcurrency;
    private Boolean adaptive;
    private Integer requestsPerMinute;
    private Integer tokensPerMinute;
    private BackpressureMode backpressure;
    private Integer queueBound;
    private String metricsUrl;
    private Duration metricsPollInterval;
    private Integer maxAttempts;
    private Duration initialBackoff;
    private Duration maxBackoff;
    private Double temperature;
    private Double topP;
    private Integer maxTokens;
    private PriceConfig price;
    private Integer expectedOutputTokens;
    private List<String> baseUrls;
    private List<String> apiKeyEnvs;
    private List<String> apiKeyFiles;
    private List<KeySource> apiKeys;
    // the keys of the config toBuilder copied, budgets resolved; any key setter replaces them
    private List<KeySource> copiedKeys;
    private EndpointMode mode;
    private Duration batchCompletionWindow;
    private Duration batchPollInterval;
    private Integer batchMaxResubmissions;

    private Builder() {}

    public Builder mode(EndpointMode mode) {
      this.mode = mode;
      return this;
    }

    public Builder batchCompletionWindow(Duration window) {
      this.batchCompletionWindow = window;
      return this;
    }

    public Builder batchPollInterval(Duration interval) {
      this.batchPollInterval = interval;
      return this;
    }

    public Builder batchMaxResubmissions(Integer max) {
      this.batchMaxResubmissions = max;
      return this;
    }

    /** One replica. */
    @JsonIgnore
    public Builder baseUrl(String baseUrl) {
      return baseUrls(baseUrl == null ? null : List.of(baseUrl));
    }

    /** {@code base-url}: one URL or a list of replicas of the same model. */
    @JsonProperty("base-url")
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
    public Builder baseUrls(List<String> baseUrls) {
      this.baseUrls = baseUrls;
      return this;
    }

    /** {@code api-key-env}: one variable or a list, each holding one key. */
    @JsonProperty("api-key-env")
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
    public Builder apiKeyEnvs(List<String> names) {
      this.apiKeyEnvs = names;
      this.copiedKeys = null;
      return this;
    }

    /** {@code api-key-file}: one file or a list, each holding one key. */
    @JsonProperty("api-key-file")
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
    public Builder apiKeyFiles(List<String> paths) {
      this.apiKeyFiles = paths;
      this.copiedKeys = null;
      return this;
    }

    /** {@code api-keys}: keys with budgets of their own. */
    public Builder apiKeys(List<KeySource> keys) {
      this.apiKeys = keys;
      this.copiedKeys = null;
      return this;
    }

    public Builder model(String model) {
      this.model = model;
      return this;
    }

    public Builder kind(EndpointKind kind) {
      this.kind = kind;
      return this;
    }

    @JsonIgnore
    public Builder apiKeyEnv(String apiKeyEnv) {
      return apiKeyEnvs(apiKeyEnv == null ? null : List.of(apiKeyEnv));
    }

    @JsonIgnore
    public Builder apiKeyFile(String apiKeyFile) {
      return apiKeyFiles(apiKeyFile == null ? null : List.of(apiKeyFile));
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder structuredOutput(Boolean structuredOutput) {
      this.structuredOutput = structuredOutput;
      return this;
    }

    public Builder maxConcurrency(Integer maxConcurrency) {
      this.maxConcurrency = maxConcurrency;
      return this;
    }

    public Builder minConcurrency(Integer minConcurrency) {
      this.minConcurrency = minConcurrency;
      return this;
    }

    public Builder adaptive(Boolean adaptive) {
      this.adaptive = adaptive;
      return this;
    }

    public Builder requestsPerMinute(Integer requestsPerMinute) {
      this.requestsPerMinute = requestsPerMinute;
      return this;
    }

    public Builder tokensPerMinute(Integer tokensPerMinute) {
      this.tokensPerMinute = tokensPerMinute;
      return this;
    }

    public Builder backpressure(BackpressureMode backpressure) {
      this.backpressure = backpressure;
      return this;
    }

    public Builder queueBound(Integer queueBound) {
      this.queueBound = queueBound;
      return this;
    }

    public Builder metricsUrl(String metricsUrl) {
      this.metricsUrl = metricsUrl;
      return this;
    }

    public Builder metricsPollInterval(Duration metricsPollInterval) {
      this.metricsPollInterval = metricsPollInterval;
      return this;
    }

    public Builder maxAttempts(Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
      return this;
    }

    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
      return this;
    }

    public Builder temperature(Double temperature) {
      this.temperature = temperature;
      return this;
    }

    public Builder topP(Double topP) {
      this.topP = topP;
      return this;
    }

    public Builder maxTokens(Integer maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    public Builder price(PriceConfig price) {
      this.price = price;
      return this;
    }

    public Builder expectedOutputTokens(Integer expectedOutputTokens) {
      this.expectedOutputTokens = expectedOutputTokens;
      return this;
    }

    public EndpointConfig build() {
      Limits limits =
          new Limits(maxConcurrency, minConcurrency, adaptive, requestsPerMinute, tokensPerMinute);
      List<KeySource> keys =
          copiedKeys != null ? copiedKeys : KeySource.listed(apiKeyEnvs, apiKeyFiles, apiKeys);
      String baseUrl = baseUrls == null || baseUrls.isEmpty() ? null : baseUrls.get(0);
      Connection connection =
          new Connection(
              baseUrl,
              model,
              kind,
              keys.isEmpty() ? null : keys.get(0).env(),
              keys.isEmpty() ? null : keys.get(0).file(),
              timeout,
              structuredOutput);
      List<String> replicas = new ArrayList<>();
      for (String url : baseUrl == null ? List.<String>of() : baseUrls) {
        // each replica gets base-url's checks and normalization
        replicas.add(new Connection(url, model, kind, null, null, timeout, null).baseUrl());
      }
      return new EndpointConfig(
          connection,
          limits,
          new Backpressure(backpressure, queueBound, metricsUrl, metricsPollInterval),
          new Retry(maxAttempts, initialBackoff, maxBackoff),
          new SamplingDefaults(temperature, topP, maxTokens),
          price,
          expectedOutputTokens,
          new Fleet(replicas, keys),
          new Batch(mode, batchCompletionWindow, batchPollInterval, batchMaxResubmissions));
    }
  }
}
