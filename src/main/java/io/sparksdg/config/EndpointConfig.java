package io.sparksdg.config;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;

/**
 * One model server. Keys under {@code endpoints.<name>}.
 *
 * @param baseUrl the server's base URL ({@code http://host:8000} or {@code http://host:8000/v1}),
 *     or {@code embedded} for the built-in simulator, which the driver starts and resolves to a URL
 *     before the config reaches executors
 * @param model the model name sent in requests
 * @param kind the wire format
 * @param apiKeyEnv name of an environment variable holding the API key, or null
 * @param apiKeyFile path of a file holding the API key, or null
 * @param maxConcurrency the job-wide in-flight request budget for this endpoint
 * @param timeout the time one HTTP attempt may take, from connect to the last byte
 * @param maxAttempts HTTP attempts per request, the first included
 * @param initialBackoff the first retry's back-off cap (full jitter: the delay is uniform in [0,
 *     cap])
 * @param maxBackoff the largest back-off cap
 * @param temperature sampling temperature, or null for the server's default
 * @param topP nucleus sampling, or null
 * @param maxTokens the most tokens to generate, or null
 * @param adaptive whether the in-flight limit adapts to the server: it shrinks on 429, 503 and
 *     timeouts and when latency rises well past its baseline (servers such as vLLM queue rather
 *     than refuse), and grows back on success, never above {@code maxConcurrency}; true by default
 * @param minConcurrency the least in-flight limit adaptation may shrink to; 1 by default
 * @param requestsPerMinute the job-wide request budget per minute (hosted APIs), or null for none
 * @param tokensPerMinute the job-wide token budget per minute (prompt plus completion), or null for
 *     none
 * @param structuredOutput whether the server takes {@code response_format: json_schema} (NIM, vLLM,
 *     SGLang, llama.cpp do); when false, a request's JSON schema is described in its last user
 *     message instead and the reply is parsed tolerantly; true by default
 */
public record EndpointConfig(
    String baseUrl,
    String model,
    EndpointKind kind,
    String apiKeyEnv,
    String apiKeyFile,
    Integer maxConcurrency,
    Duration timeout,
    Integer maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Double temperature,
    Double topP,
    Integer maxTokens,
    Boolean adaptive,
    Integer minConcurrency,
    Integer requestsPerMinute,
    Integer tokensPerMinute,
    Boolean structuredOutput)
    implements Serializable {

  public static final String EMBEDDED = "embedded";

  public EndpointConfig {
    Checks.require(baseUrl != null && !baseUrl.isBlank(), "base-url is required");
    if (!EMBEDDED.equals(baseUrl)) {
      checkUrl(baseUrl);
      baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }
    Checks.require(model != null && !model.isBlank(), "model is required");
    kind = kind == null ? EndpointKind.CHAT : kind;
    maxConcurrency = maxConcurrency == null ? 16 : maxConcurrency;
    Checks.require(maxConcurrency > 0, "max-concurrency must be positive, got %s", maxConcurrency);
    timeout = timeout == null ? Duration.ofSeconds(120) : timeout;
    Checks.require(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
    maxAttempts = maxAttempts == null ? 6 : maxAttempts;
    Checks.require(maxAttempts >= 1, "max-attempts must be at least 1, got %s", maxAttempts);
    initialBackoff = initialBackoff == null ? Duration.ofMillis(500) : initialBackoff;
    maxBackoff = maxBackoff == null ? Duration.ofSeconds(30) : maxBackoff;
    Checks.require(!initialBackoff.isNegative(), "initial-backoff must not be negative");
    Checks.require(
        maxBackoff.compareTo(initialBackoff) >= 0, "max-backoff must be at least initial-backoff");
    Checks.require(
        temperature == null || (temperature >= 0 && temperature <= 2),
        "temperature must be in [0, 2], got %s",
        temperature);
    Checks.require(
        topP == null || (topP > 0 && topP <= 1), "top-p must be in (0, 1], got %s", topP);
    Checks.require(
        maxTokens == null || maxTokens > 0, "max-tokens must be positive, got %s", maxTokens);
    Checks.require(
        apiKeyEnv == null || apiKeyFile == null, "set api-key-env or api-key-file, not both");
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
    structuredOutput = structuredOutput == null ? Boolean.TRUE : structuredOutput;
  }

  /** An endpoint that takes JSON schemas (the form before {@code structured-output} existed). */
  public EndpointConfig(
      String baseUrl,
      String model,
      EndpointKind kind,
      String apiKeyEnv,
      String apiKeyFile,
      Integer maxConcurrency,
      Duration timeout,
      Integer maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      Double temperature,
      Double topP,
      Integer maxTokens,
      Boolean adaptive,
      Integer minConcurrency,
      Integer requestsPerMinute,
      Integer tokensPerMinute) {
    this(
        baseUrl,
        model,
        kind,
        apiKeyEnv,
        apiKeyFile,
        maxConcurrency,
        timeout,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        temperature,
        topP,
        maxTokens,
        adaptive,
        minConcurrency,
        requestsPerMinute,
        tokensPerMinute,
        null);
  }

  private static void checkUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (Exception e) {
      throw new ConfigException("base-url '" + url + "' is not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme();
    Checks.require(
        ("http".equals(scheme) || "https".equals(scheme)) && uri.getHost() != null,
        "base-url '%s' must be an http(s) URL with a host, like http://localhost:8000, or '%s'",
        url,
        EMBEDDED);
  }

  public boolean embedded() {
    return EMBEDDED.equals(baseUrl);
  }

  /** The URL of {@code /v1/chat/completions}, whether or not base-url already ends in /v1. */
  public String chatCompletionsUrl() {
    return (baseUrl.endsWith("/v1") ? baseUrl : baseUrl + "/v1") + "/chat/completions";
  }

  public EndpointConfig withBaseUrl(String url) {
    return new EndpointConfig(
        url,
        model,
        kind,
        apiKeyEnv,
        apiKeyFile,
        maxConcurrency,
        timeout,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        temperature,
        topP,
        maxTokens,
        adaptive,
        minConcurrency,
        requestsPerMinute,
        tokensPerMinute,
        structuredOutput);
  }

  /** A copy with another in-flight budget; min-concurrency is lowered to it when above. */
  public EndpointConfig withMaxConcurrency(int concurrency) {
    return new EndpointConfig(
        baseUrl,
        model,
        kind,
        apiKeyEnv,
        apiKeyFile,
        concurrency,
        timeout,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        temperature,
        topP,
        maxTokens,
        adaptive,
        Math.min(minConcurrency, concurrency),
        requestsPerMinute,
        tokensPerMinute,
        structuredOutput);
  }

  /** A copy with other per-minute budgets (null for none). */
  public EndpointConfig withRateLimits(Integer requests, Integer tokens) {
    return new EndpointConfig(
        baseUrl,
        model,
        kind,
        apiKeyEnv,
        apiKeyFile,
        maxConcurrency,
        timeout,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        temperature,
        topP,
        maxTokens,
        adaptive,
        minConcurrency,
        requests,
        tokens,
        structuredOutput);
  }

  /** A copy with adaptive concurrency switched on or off. */
  public EndpointConfig withAdaptive(boolean on) {
    return new EndpointConfig(
        baseUrl,
        model,
        kind,
        apiKeyEnv,
        apiKeyFile,
        maxConcurrency,
        timeout,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        temperature,
        topP,
        maxTokens,
        on,
        minConcurrency,
        requestsPerMinute,
        tokensPerMinute,
        structuredOutput);
  }

  /**
   * One executor's share of the job-wide budgets when {@code executors} executors call this
   * endpoint: max-concurrency and the per-minute budgets divided (rounded up, at least 1),
   * min-concurrency kept within the share.
   */
  public EndpointConfig shareAcross(int executors) {
    Checks.require(executors > 0, "executors must be positive, got %s", executors);
    return withMaxConcurrency(divide(maxConcurrency, executors))
        .withRateLimits(
            requestsPerMinute == null ? null : divide(requestsPerMinute, executors),
            tokensPerMinute == null ? null : divide(tokensPerMinute, executors));
  }

  private static int divide(int budget, int parts) {
    return Math.max(1, (int) Math.ceil((double) budget / parts));
  }
}
