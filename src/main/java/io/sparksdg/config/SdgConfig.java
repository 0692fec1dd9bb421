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
    Checks.require(
        !target.enabled() || !responses.reasoningModes(),
        "target.accepted does not work with responses.reasoning yet: remove one of them");
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
