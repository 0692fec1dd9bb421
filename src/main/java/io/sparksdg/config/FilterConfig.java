package io.sparksdg.config;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keys under {@code filter}: what a scored response needs to enter the {@code sft} table.
 *
 * @param minReward the least weighted reward, or null for no bound
 * @param min the least value per attribute (e.g. {@code correctness: 3.0})
 * @param max the most value per attribute (e.g. {@code verbosity: 3.5})
 */
public record FilterConfig(Double minReward, Map<String, Double> min, Map<String, Double> max)
    implements Serializable {

  public static final FilterConfig DEFAULT = new FilterConfig(null, null, null);

  public FilterConfig {
    minReward = minReward == null ? 2.0 : minReward;
    min = copyChecked("min", min);
    max = copyChecked("max", max);
  }

  private static Map<String, Double> copyChecked(String key, Map<String, Double> bounds) {
    if (bounds == null) {
      return Map.of();
    }
    for (String attribute : bounds.keySet()) {
      Checks.require(
          ScoresConfig.ATTRIBUTES.contains(attribute),
          "%s: unknown attribute '%s'; use helpfulness, correctness, coherence, complexity,"
              + " verbosity or reward",
          key,
          attribute);
    }
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bounds));
  }
}
