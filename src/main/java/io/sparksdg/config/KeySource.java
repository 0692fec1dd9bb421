package io.sparksdg.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One API key: where to read it and its own per-minute budgets. An entry of {@code api-keys}
 * ({@code {env: KEY_A, requests-per-minute: 500}}); a name in an {@code api-key-env} or {@code
 * api-key-file} list is one with the endpoint's budgets.
 *
 * @param env the environment variable holding the key, or null
 * @param file the file holding the key, or null
 * @param requestsPerMinute this key's request budget per minute (job-wide), or null for the
 *     endpoint's {@code requests-per-minute}
 * @param tokensPerMinute this key's token budget per minute (job-wide), or null for the endpoint's
 *     {@code tokens-per-minute}
 */
public record KeySource(String env, String file, Integer requestsPerMinute, Integer tokensPerMinute)
    implements Serializable {

  public KeySource {
    Checks.require(
        (env == null) != (file == null),
        "each entry of api-keys needs one of env or file, got env=%s, file=%s",
        env,
        file);
    Checks.require(
        env == null || !env.isBlank(), "api-keys: env must name an environment variable");
    Checks.require(file == null || !file.isBlank(), "api-keys: file must name a file");
    Checks.require(
        requestsPerMinute == null || requestsPerMinute > 0,
        "requests-per-minute must be positive, got %s",
        requestsPerMinute);
    Checks.require(
        tokensPerMinute == null || tokensPerMinute > 0,
        "tokens-per-minute must be positive, got %s",
        tokensPerMinute);
  }

  /** Where the key comes from, for messages: {@code api-key-env KEY_B}; never the key. */
  public String label() {
    return env != null ? "api-key-env " + env : "api-key-file " + file;
  }

  /** This key's request budget per minute: its own, else the endpoint's; null for none. */
  public Integer requestsPerMinute(EndpointConfig.Limits limits) {
    return requestsPerMinute != null ? requestsPerMinute : limits.requestsPerMinute();
  }

  /** This key's token budget per minute: its own, else the endpoint's; null for none. */
  public Integer tokensPerMinute(EndpointConfig.Limits limits) {
    return tokensPerMinute != null ? tokensPerMinute : limits.tokensPerMinute();
  }

  KeySource share(int parts) {
    return new KeySource(
        env,
        file,
        EndpointConfig.divide(requestsPerMinute, parts),
        EndpointConfig.divide(tokensPerMinute, parts));
  }

  /**
   * The keys of one of the three forms, whichever is set: {@code api-keys} entries, or names in
   * {@code api-key-env} or paths in {@code api-key-file} (with the endpoint's budgets); empty when
   * none is.
   */
  static List<KeySource> listed(List<String> envs, List<String> files, List<KeySource> entries) {
    if (entries != null) {
      Checks.require(
          envs == null && files == null, "set api-keys or api-key-env/api-key-file, not both");
      Checks.require(!entries.isEmpty(), "api-keys must list at least one key");
      Checks.require(
          entries.stream().allMatch(Objects::nonNull),
          "api-keys has an empty entry; give it env or file");
      return List.copyOf(entries);
    }
    Checks.require(envs == null || files == null, "set api-key-env or api-key-file, not both");
    List<KeySource> keys = new ArrayList<>();
    for (String name : envs == null ? List.<String>of() : envs) {
      Checks.require(name != null && !name.isBlank(), "api-key-env has an empty name");
      keys.add(new KeySource(name, null, null, null));
    }
    for (String path : files == null ? List.<String>of() : files) {
      Checks.require(path != null && !path.isBlank(), "api-key-file has an empty path");
      keys.add(new KeySource(null, path, null, null));
    }
    return keys;
  }
}
