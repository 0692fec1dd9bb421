package io.sparksdg.model.http;

import io.sparksdg.config.ConfigException;
import io.sparksdg.config.EndpointConfig;
import io.sparksdg.config.EndpointKind;
import io.sparksdg.config.KeySource;
import io.sparksdg.model.ChatClient;
import io.sparksdg.model.RewardClient;
import io.sparksdg.model.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The model clients of this JVM. Clients are created on first use and cached by endpoint name and
 * config, so every Spark task in an executor shares one HTTP client and one concurrency limiter per
 * endpoint; nothing here is serialized. Each client blocks its caller while every live replica of
 * the endpoint has its {@code max-concurrency} requests in flight from this JVM, retries on its own
 * (on another replica, with another key when one was refused), and fails its future only with a
 * {@link io.sparksdg.model.ModelCallException}.
 */
public final class HttpModelClients {

  private static volatile long generation;

  private record Key(String name, EndpointConfig config) {}

  private static final ConcurrentMap<Key, Endpoint> ENDPOINTS = new ConcurrentHashMap<>();
  // by name, so counters survive a config that differs only in, say, its concurrency share
  private static final ConcurrentMap<String, EndpointStats> STATS = new ConcurrentHashMap<>();

  private HttpModelClients() {}

  /**
   * The chat client of an endpoint.
   *
   * @throws ConfigException when the endpoint's key cannot be read or its base-url is unresolved
   */
  public static ChatClient chat(String endpointName, EndpointConfig config) {
    return endpoint(endpointName, config).chatClient();
  }

  /**
   * The reward client of an endpoint of kind {@code nemotron-reward}.
   *
   * @throws ConfigException for another kind, or as {@link #chat}
   */
  public static RewardClient reward(String endpointName, EndpointConfig config) {
    Objects.requireNonNull(config, "config");
    if (config.kind() != EndpointKind.NEMOTRON_REWARD) {
      throw new ConfigException(
          "Endpoint '"
              + endpointName
              + "' has kind "
              + config.kind().key()
              + " but is used as a reward model; set its kind to "
              + EndpointKind.NEMOTRON_REWARD.key());
    }
    return endpoint(endpointName, config).rewardClient();
  }

  /**
   * The endpoint's (first) API key from the environment variable named by {@code api-key-env} or
   * the file named by {@code api-key-file}, trimmed; null when neither is set.
   *
   * @throws ConfigException when the variable is unset or the file is missing, unreadable or empty;
   *     the message never holds the key
   */
  public static String resolveApiKey(String endpointName, EndpointConfig config) {
    List<KeySource> keys = config.keys();
    return keys.isEmpty() ? null : resolve(endpointName, keys.get(0));
  }

  /**
   * Every key of the endpoint in configured order, each read as {@link #resolveApiKey} reads one;
   * empty when the endpoint takes none.
   *
   * @throws ConfigException as {@link #resolveApiKey}
   */
  public static List<String> resolveApiKeys(String endpointName, EndpointConfig config) {
    List<KeySource> keys = config.keys();
    List<String> values = new ArrayList<>();
    for (KeySource source : keys) {
      values.add(resolve(endpointName, source));
    }
    return values;
  }

  private static String resolve(String endpointName, KeySource source) {
    String key;
    String where;
    if (source.env() != null) {
      where = "environment variable " + source.env();
      String value = System.getenv(source.env());
      if (value == null || value.isBlank()) {
        throw new ConfigException(
            "Endpoint '"
                + endpointName
                + "': "
                + where
                + " is not set; export it or remove api-key-env");
      }
      key = value.trim();
    } else {
      where = "API key file " + source.file();
      try {
        key = Files.readString(Path.of(source.file())).trim();
      } catch (NoSuchFileException e) {
        throw new ConfigException(
            "Endpoint '"
                + endpointName
                + "': "
                + where
                + " does not exist; create it or remove api-key-file");
      } catch (IOException | RuntimeException e) {
        throw new ConfigException(
            "Endpoint '"
                + endpointName
                + "': cannot read "
                + where
                + " ("
                + e.getClass().getSimpleName()
                + "); check its permissions and encoding, or remove api-key-file");
      }
      if (key.isEmpty()) {
        throw new ConfigException(
            "Endpoint '" + endpointName + "': " + where + " is empty; write the key into it");
      }
    }
    if (!key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new ConfigException(
          "Endpoint '"
              + endpointName
              + "': the key in "
              + where
              + " holds whitespace or non-ASCII characters; an HTTP header cannot carry it");
    }
    return key;
  }

  /**
   * The model ids an endpoint lists at {@code GET /v1/models}: one attempt, no retries.
   *
   * @throws io.sparksdg.model.ModelCallException when the server cannot be reached or refuses
   * @throws ConfigException when the endpoint's key cannot be read
   */
  public static List<String> listModels(String endpointName, EndpointConfig config) {
    return ModelList.fetch(endpointName, config, resolveApiKey(endpointName, config));
  }

  /** A snapshot of every endpoint's counters in this JVM, by endpoint name. */
  public static Map<String, EndpointCounters> counters() {
    Map<String, EndpointCounters> snapshot = new TreeMap<>();
    STATS.forEach((name, stats) -> snapshot.put(name, stats.snapshot()));
    return snapshot;
  }

  /**
   * A snapshot of each replica's counters of an endpoint in this JVM, in the order of its {@code
   * base-url} list; empty for an endpoint not called yet.
   */
  public static List<ReplicaCounters> replicaCounters(String endpointName) {
    EndpointStats stats = STATS.get(endpointName);
    return stats == null ? List.of() : stats.replicaSnapshot();
  }

  /**
   * The tokens an endpoint's calls used in this JVM so far, read without a snapshot of every
   * counter (cheap enough to check before each call).
   */
  public static Usage usage(String endpointName) {
    EndpointStats stats = STATS.get(endpointName);
    return stats == null ? Usage.NONE : stats.usage();
  }

  /**
   * The q-quantile (0 to 1) of an endpoint's successful call latency in this JVM, first attempt to
   * answer, in milliseconds within 4%; NaN when it has no successes yet.
   */
  public static double latencyPercentileMillis(String endpointName, double quantile) {
    EndpointStats stats = STATS.get(endpointName);
    return stats == null ? Double.NaN : stats.latencyPercentileMillis(quantile);
  }

  /**
   * The bucket counts of an endpoint's successful call latency histogram in this JVM (all zero when
   * it has none): histograms of several JVMs merge by adding their counts, and {@link
   * #latencyPercentileMillis(long[], double)} reads percentiles from the sum.
   */
  public static long[] latencyBuckets(String endpointName) {
    EndpointStats stats = STATS.get(endpointName);
    return stats == null ? new LatencyHistogram().counts() : stats.latencyBuckets();
  }

  /** The q-quantile (0 to 1) in milliseconds of bucket counts from {@link #latencyBuckets}. */
  public static double latencyPercentileMillis(long[] latencyBuckets, double quantile) {
    return LatencyHistogram.percentileMillis(latencyBuckets, quantile);
  }

  /** Forgets every client and counter; calls in flight finish on the old ones. For tests. */
  public static void resetForTests() {
    ENDPOINTS.clear();
    STATS.clear();
    generation++;
  }

  /** Changes whenever the counters start again from zero, so that readers of deltas can tell. */
  public static long generation() {
    return generation;
  }

  static Endpoint endpoint(String endpointName, EndpointConfig config) {
    Objects.requireNonNull(endpointName, "endpointName");
    Objects.requireNonNull(config, "config");
    return ENDPOINTS.computeIfAbsent(new Key(endpointName, config), HttpModelClients::create);
  }

  private static Endpoint create(Key key) {
    if (key.config().embedded()) {
      throw new ConfigException(
          "Endpoint '"
              + key.name()
              + "' still has base-url "
              + EndpointConfig.EMBEDDED
              + "; the driver must start the simulator and set its URL before clients are made");
    }
    List<String> apiKeys = resolveApiKeys(key.name(), key.config());
    EndpointStats stats = STATS.computeIfAbsent(key.name(), name -> new EndpointStats());
    return new Endpoint(key.name(), key.config(), apiKeys, stats);
  }
}
