package io.sparksdg.config;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole configuration: one immutable tree, loaded and validated once on the driver by {@link
 * ConfigLoader} and shipped to executors as it is.
 */
public record SdgConfig(
    Map<String, EndpointConfig> endpoints,
    PromptsConfig prompts,
    ResponsesConfig responses,
    ScoresConfig scores,
    FilterConfig filter,
    PreferencesConfig preferences,
    RunConfig run,
    OutputConfig output,
    Map<String, String> spark,
    DialoguesConfig dialogues,
    ExportsConfig exports,
    SafetyConfig safety,
    SftConfig sft,
    TargetConfig target)
    implements Serializable {

  public SdgConfig {
    Checks.require(
        endpoints != null && !endpoints.isEmpty(), "endpoints: define at least one endpoint");
    endpoints = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
    prompts = prompts == null ? PromptsConfig.DEFAULT : prompts;
    responses = responses == null ? ResponsesConfig.DEFAULT : responses;
    scores = scores == null ? ScoresConfig.DEFAULT : scores;
    filter = filter == null ? FilterConfig.DEFAULT : filter;
    preferences = preferences == null ? PreferencesConfig.DEFAULT : preferences;
    run = run == null ? RunConfig.DEFAULT : run;
    output = output == null ? OutputConfig.DEFAULT : output;
    spark =
        spark == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(spark));
    dialogues = dialogues == null ? DialoguesConfig.DEFAULT : dialogues;
    exports = exports == null ? ExportsConfig.DEFAULT : exports;
    safety = safety == null ? SafetyConfig.DEFAULT : safety;
    sft = sft == null ? SftConfig.DEFAULT : sft;
    target = target == null ? TargetConfig.DEFAULT : target;
    if (target.onPreferences()) {
      checkPreferenceTarget(target, responses, preferences);
    } else if (target.enabled()) {
      long rows = target.rowsPerAttempt(responses, preferences);
      Checks.require(
          target.expectedRate() <= rows,
          rows == 1
              ? "target.expected-rate must be a share above 0 and at most 1, got %s"
              : "target.expected-rate (%s rows of sft per attempt) is above the %s an attempt can"
                  + " make (a prompt's sample in each of its reasoning modes): set it to at most"
                  + " %s",
          target.expectedRate(),
          rows,
          rows);
    }
  }

  /** {@code target.on: preferences} against the responses and pairing it counts the rows of. */
  private static void checkPreferenceTarget(
      TargetConfig target, ResponsesConfig responses, PreferencesConfig preferences) {
    int perPrompt = responses.perPrompt();
    Checks.require(
        perPrompt >= 2,
        "target.on: preferences pairs a prompt's responses, but responses.per-prompt is %s: set"
            + " responses.per-prompt to 2 or more",
        perPrompt);
    long rows = target.rowsPerAttempt(responses, preferences);
    Checks.require(
        target.maxAttempts() * rows >= target.accepted(),
        "target.max-attempts (%s prompts) can make at most %s rows of preferences (%s per prompt"
            + " with preferences.strategy %s), below target.accepted (%s): raise max-attempts to"
            + " at least %s",
        target.maxAttempts(),
        target.maxAttempts() * rows,
        rows,
        preferences.strategy(),
        target.accepted(),
        (target.accepted() + rows - 1) / rows);
    Checks.require(
        target.expectedRate() <= rows,
        "target.expected-rate (%s rows of preferences per prompt) is above the %s a prompt can"
            + " make with preferences.strategy %s: set it to at most %s",
        target.expectedRate(),
        rows,
        preferences.strategy(),
        rows);
  }

  /** The endpoint with this name; a {@link ConfigException} naming the key when there is none. */
  public EndpointConfig endpoint(String name, String referencedBy) {
    EndpointConfig endpoint = endpoints.get(name);
    if (endpoint == null) {
      throw new ConfigException(
          String.format(
              "Config key '%s' names endpoint '%s', which is not defined under 'endpoints' (defined: %s)",
              referencedBy, name, String.join(", ", endpoints.keySet())));
    }
    return endpoint;
  }

  /** A copy with one endpoint replaced. */
  public SdgConfig withEndpoint(String name, EndpointConfig endpoint) {
    Map<String, EndpointConfig> copy = new LinkedHashMap<>(endpoints);
    copy.put(name, endpoint);
    return new SdgConfig(
        copy,
        prompts,
        responses,
        scores,
        filter,
        preferences,
        run,
        output,
        spark,
        dialogues,
        exports,
        safety,
        sft,
        target);
  }

  public SdgConfig withOutputRoot(String root) {
    return new SdgConfig(
        endpoints,
        prompts,
        responses,
        scores,
        filter,
        preferences,
        run,
        output.withRoot(root),
        spark,
        dialogues,
        exports,
        safety,
        sft,
        target);
  }
}
