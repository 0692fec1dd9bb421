package io.sparksdg.stages.prompts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many prompts of each family a weighted mix keeps: with weights w, the largest total T the
 * families' counts allow (no family asked for more than it has), family f keeping floor(T * w_f /
 * sum w). Families without a weight get 0; families with a weight but no prompts do not limit T.
 */
public final class FamilyMix {

  private FamilyMix() {}

  public static Map<String, Long> quotas(Map<String, Long> counts, Map<String, Double> weights) {
    double sum = 0;
    double total = Double.MAX_VALUE;
    for (String task : counts.keySet()) {
      sum += weights.getOrDefault(task, 0.0);
    }
    for (var e : counts.entrySet()) {
      double w = weights.getOrDefault(e.getKey(), 0.0);
      if (w > 0 && e.getValue() > 0) {
        total = Math.min(total, e.getValue() * sum / w);
      }
    }
    Map<String, Long> quotas = new LinkedHashMap<>();
    for (var e : counts.entrySet()) {
      double w = weights.getOrDefault(e.getKey(), 0.0);
      long n = w > 0 && sum > 0 ? (long) Math.floor(total * w / sum + 1e-9) : 0;
      quotas.put(e.getKey(), Math.min(n, e.getValue()));
    }
    return quotas;
  }
}
