package io.sparksdg.config;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keys under {@code responses}.
 *
 * @param generator the endpoint that answers prompts
 * @param perPrompt how many responses to sample per prompt (per reasoning mode, when {@code both})
 * @param generators endpoints to draw each response from, with their weights (e.g. {@code
 *     {generator: 1.0, other: 2.0}}); when unset, every response comes from {@code generator}
 * @param reasoning {@code off}, {@code on} or {@code both}: the system prompt each request carries
 *     ({@code both}: every sample is asked once with reasoning on and once off); unset: no system
 *     prompt is added
 * @param reasoningByFamily the mode per prompt family (the prompt's {@code task}), over {@code
 *     reasoning}
 * @param reasoningPrompts the system prompt of each mode, {@code on} and {@code off}
 */
public record ResponsesConfig(
    String generator,
    Integer perPrompt,
    Map<String, Double> generators,
    String reasoning,
    Map<String, String> reasoningByFamily,
    Map<String, String> reasoningPrompts)
    implements Serializable {

  public static final String ON = "on";
  public static final String OFF = "off";
  public static final String BOTH = "both";
  private static final List<String> MODES = List.of(OFF, ON, BOTH);

  public static final ResponsesConfig DEFAULT =
      new ResponsesConfig(null, null, null, null, null, null);

  public ResponsesConfig(String generator, Integer perPrompt, Map<String, Double> generators) {
    this(generator, perPrompt, generators, null, null, null);
  }

  public ResponsesConfig {
    generator = generator == null ? "generator" : generator;
    perPrompt = perPrompt == null ? 2 : perPrompt;
    Checks.require(perPrompt > 0, "per-prompt must be positive, got %s", perPrompt);
    if (generators == null || generators.isEmpty()) {
      generators = Map.of(generator, 1.0);
    } else {
      for (Map.Entry<String, Double> g : generators.entrySet()) {
        Checks.require(
            g.getValue() != null && g.getValue() > 0,
            "generators: the weight of '%s' must be positive, got %s",
            g.getKey(),
            g.getValue());
      }
      generators = Collections.unmodifiableMap(new LinkedHashMap<>(generators));
    }
    reasoning = yamlMode(reasoning);
    requireMode("responses.reasoning", reasoning);
    Map<String, String> byFamily = new LinkedHashMap<>();
    if (reasoningByFamily != null) {
      reasoningByFamily.forEach((family, mode) -> byFamily.put(family, yamlMode(mode)));
    }
    reasoningByFamily = byFamily;
    for (Map.Entry<String, String> f : reasoningByFamily.entrySet()) {
      Checks.require(
          PromptsConfig.FAMILIES.contains(f.getKey()) || "imported".equals(f.getKey()),
          "responses.reasoning-by-family: '%s' is not a prompt family; use one of %s or imported",
          f.getKey(),
          PromptsConfig.FAMILIES);
      Checks.require(
          f.getValue() != null,
          "responses.reasoning-by-family.%s: set off, on or both",
          f.getKey());
      requireMode("responses.reasoning-by-family." + f.getKey(), f.getValue());
    }
    reasoningByFamily = Collections.unmodifiableMap(new LinkedHashMap<>(reasoningByFamily));
    Map<String, String> prompts = new LinkedHashMap<>();
    prompts.put(ON, "detailed thinking on");
    prompts.put(OFF, "detailed thinking off");
    if (reasoningPrompts != null) {
      for (Map.Entry<String, String> p : reasoningPrompts.entrySet()) {
        String mode = yamlMode(p.getKey());
        Checks.require(
            ON.equals(mode) || OFF.equals(mode),
            "responses.reasoning-prompts: '%s' is not a mode; set on and off",
            p.getKey());
        Checks.require(
            p.getValue() != null && !p.getValue().isBlank(),
            "responses.reasoning-prompts.%s must not be empty",
            mode);
        prompts.put(mode, p.getValue());
      }
    }
    reasoningPrompts = Collections.unmodifiableMap(prompts);
  }

  /** YAML 1.1 reads an unquoted {@code on} or {@code off} as a boolean: take it as the mode. */
  private static String yamlMode(String mode) {
    if ("true".equals(mode)) {
      return ON;
    }
    return "false".equals(mode) ? OFF : mode;
  }

  private static void requireMode(String key, String mode) {
    Checks.require(
        mode == null || MODES.contains(mode),
        "%s must be one of off, on, both; got '%s'",
        key,
        mode);
  }

  /** Whether any prompt is asked with a reasoning mode. */
  public boolean reasoningModes() {
    return reasoning != null || !reasoningByFamily.isEmpty();
  }

  /**
   * The modes a prompt of {@code task} is asked in, each with {@code per-prompt} samples: {@code
   * [on]}, {@code [off]}, {@code [on, off]} for {@code both}, or {@code [null]} when no mode
   * applies.
   */
  public List<String> modesFor(String task) {
    String mode = task == null ? reasoning : reasoningByFamily.getOrDefault(task, reasoning);
    if (mode == null) {
      return Collections.singletonList(null);
    }
    return BOTH.equals(mode) ? List.of(ON, OFF) : List.of(mode);
  }

  /**
   * The most modes a prompt is asked in: of {@code task}, or of any task when it is null (2 when a
   * family, or every prompt, is asked in {@code both}).
   */
  public int mostModes(String task) {
    if (task != null) {
      return modesFor(task).size();
    }
    return BOTH.equals(reasoning) || reasoningByFamily.containsValue(BOTH) ? 2 : 1;
  }

  /** The system prompt of {@code mode} ({@code on} or {@code off}). */
  public String reasoningPrompt(String mode) {
    return reasoningPrompts.get(mode);
  }
}
