package io.sparksdg.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import io.sparksdg.config.EndpointConfig.Connection;
import io.sparksdg.config.EndpointConfig.Limits;
import io.sparksdg.config.EndpointConfig.Retry;
import io.sparksdg.config.EndpointConfig.SamplingDefaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds an {@link EndpointConfig} from its flat keys; {@link ConfigLoader} reads the YAML through
 * it, so each setter is one key (kebab-case of its name) and unset keys take the defaults the
 * records give them.
 */
@JsonPOJOBuilder(withPrefix = "")
public final class EndpointConfigBuilder {
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
  List<KeySource> copiedKeys;
  private EndpointMode mode;
  private Duration batchCompletionWindow;
  private Duration batchPollInterval;
  private Integer batchMaxResubmissions;

  EndpointConfigBuilder() {}

  public EndpointConfigBuilder mode(EndpointMode mode) {
    this.mode = mode;
    return this;
  }

  public EndpointConfigBuilder batchCompletionWindow(Duration window) {
    this.batchCompletionWindow = window;
    return this;
  }

  public EndpointConfigBuilder batchPollInterval(Duration interval) {
    this.batchPollInterval = interval;
    return this;
  }

  public EndpointConfigBuilder batchMaxResubmissions(Integer max) {
    this.batchMaxResubmissions = max;
    return this;
  }

  /** One replica. */
  @JsonIgnore
  public EndpointConfigBuilder baseUrl(String baseUrl) {
    return baseUrls(baseUrl == null ? null : List.of(baseUrl));
  }

  /** {@code base-url}: one URL or a list of replicas of the same model. */
  @JsonProperty("base-url")
  @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
  public EndpointConfigBuilder baseUrls(List<String> baseUrls) {
    this.baseUrls = baseUrls;
    return this;
  }

  /** {@code api-key-env}: one variable or a list, each holding one key. */
  @JsonProperty("api-key-env")
  @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
  public EndpointConfigBuilder apiKeyEnvs(List<String> names) {
    this.apiKeyEnvs = names;
    this.copiedKeys = null;
    return this;
  }

  /** {@code api-key-file}: one file or a list, each holding one key. */
  @JsonProperty("api-key-file")
  @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
  public EndpointConfigBuilder apiKeyFiles(List<String> paths) {
    this.apiKeyFiles = paths;
    this.copiedKeys = null;
    return this;
  }

  /** {@code api-keys}: keys with budgets of their own. */
  public EndpointConfigBuilder apiKeys(List<KeySource> keys) {
    this.apiKeys = keys;
    this.copiedKeys = null;
    return this;
  }

  public EndpointConfigBuilder model(String model) {
    this.model = model;
    return this;
  }

  public EndpointConfigBuilder kind(EndpointKind kind) {
    this.kind = kind;
    return this;
  }

  @JsonIgnore
  public EndpointConfigBuilder apiKeyEnv(String apiKeyEnv) {
    return apiKeyEnvs(apiKeyEnv == null ? null : List.of(apiKeyEnv));
  }

  @JsonIgnore
  public EndpointConfigBuilder apiKeyFile(String apiKeyFile) {
    return apiKeyFiles(apiKeyFile == null ? null : List.of(apiKeyFile));
  }

  public EndpointConfigBuilder timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  public EndpointConfigBuilder structuredOutput(Boolean structuredOutput) {
    this.structuredOutput = structuredOutput;
    return this;
  }

  public EndpointConfigBuilder maxConcurrency(Integer maxConcurrency) {
    this.maxConcurrency = maxConcurrency;
    return this;
  }

  public EndpointConfigBuilder minConcurrency(Integer minConcurrency) {
    this.minConcurrency = minConcurrency;
    return this;
  }

  public EndpointConfigBuilder adaptive(Boolean adaptive) {
    this.adaptive = adaptive;
    return this;
  }

  public EndpointConfigBuilder requestsPerMinute(Integer requestsPerMinute) {
    this.requestsPerMinute = requestsPerMinute;
    return this;
  }

  public EndpointConfigBuilder tokensPerMinute(Integer tokensPerMinute) {
    this.tokensPerMinute = tokensPerMinute;
    return this;
  }

  public EndpointConfigBuilder backpressure(BackpressureMode backpressure) {
    this.backpressure = backpressure;
    return this;
  }

  public EndpointConfigBuilder queueBound(Integer queueBound) {
    this.queueBound = queueBound;
    return this;
  }

  public EndpointConfigBuilder metricsUrl(String metricsUrl) {
    this.metricsUrl = metricsUrl;
    return this;
  }

  public EndpointConfigBuilder metricsPollInterval(Duration metricsPollInterval) {
    this.metricsPollInterval = metricsPollInterval;
    return this;
  }

  public EndpointConfigBuilder maxAttempts(Integer maxAttempts) {
    this.maxAttempts = maxAttempts;
    return this;
  }

  public EndpointConfigBuilder initialBackoff(Duration initialBackoff) {
    this.initialBackoff = initialBackoff;
    return this;
  }

  public EndpointConfigBuilder maxBackoff(Duration maxBackoff) {
    this.maxBackoff = maxBackoff;
    return this;
  }

  public EndpointConfigBuilder temperature(Double temperature) {
    this.temperature = temperature;
    return this;
  }

  public EndpointConfigBuilder topP(Double topP) {
    this.topP = topP;
    return this;
  }

  public EndpointConfigBuilder maxTokens(Integer maxTokens) {
    this.maxTokens = maxTokens;
    return this;
  }

  public EndpointConfigBuilder price(PriceConfig price) {
    this.price = price;
    return this;
  }

  public EndpointConfigBuilder expectedOutputTokens(Integer expectedOutputTokens) {
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
        new BatchSettings(mode, batchCompletionWindow, batchPollInterval, batchMaxResubmissions));
  }
}
