package io.sparksdg.stages.curation;

import io.sparksdg.config.SftConfig;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How many {@code sft} rows of each family a blend keeps. Families outside the blend get 0;
 * uncapped families keep every row; a capped family f keeps the most rows n_f such that n_f is at
 * most {@code cap_f} of the blend's total. A cap that does not bind (the family has fewer rows than
 * its share allows) keeps the whole family. Which rows are kept is decided elsewhere, by a hash of
 * the row id, so the blend is deterministic.
 */
public final class SftBlends {

  private SftBlends() {}

  /**
   * @param counts rows per family in {@code sft}
   * @return rows to keep per family, for every family of {@code counts}
   */
  public static Map<String, Long> quotas(Map<String, Long> counts, SftConfig.Blend blend) {
    Map<String, Long> quotas = new LinkedHashMap<>();
    Set<String> binding = new HashSet<>();
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      String family = e.getKey();
      if (!blend.includes(family)) {
        quotas.put(family, 0L);
      } else if (blend.caps().containsKey(family)) {
        binding.add(family);
      } else {
        quotas.put(family, e.getValue());
      }
    }
    // Caps bind until a family has fewer rows than its share of the total would allow.
    double total;
    while (true) {
      long free = 0;
      for (Map.Entry<String, Long> e : quotas.entrySet()) {
        free += e.getValue();
      }
      double share = 0;
      for (String f : binding) {
        share += blend.caps().get(f);
      }
      total = free / (1 - share);
      String loose = null;
      for (String f : binding) {
        if (blend.caps().get(f) * total >= counts.get(f)) {
          loose = f;
          break;
        }
      }
      if (loose == null) {
        break;
      }
      binding.remove(loose);
      quotas.put(loose, counts.get(loose));
    }
    for (String f : binding) {
      quotas.put(f, (long) Math.floor(blend.caps().get(f) * total + 1e-9));
    }
    // Rounding down the others can leave a capped family a hair over its share: trim it.
    boolean trimmed = true;
    while (trimmed) {
      trimmed = false;
      long sum = quotas.values().stream().mapToLong(Long::longValue).sum();
      for (String f : binding) {
        long n = quotas.get(f);
        if (n > 0 && n > blend.caps().get(f) * sum + 1e-9) {
          quotas.put(f, n - 1);
          trimmed = true;
          break;
        }
      }
    }
    Map<String, Long> ordered = new LinkedHashMap<>();
    counts.keySet().forEach(f -> ordered.put(f, quotas.get(f)));
    return ordered;
  }
}
