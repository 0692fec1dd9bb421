package io.sparksdg.stages.responses;

import io.sparksdg.records.SamplingKey;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks the generator endpoint of each response from a weighted list, deterministically per prompt
 * and sample index, so a re-run asks the same endpoint for the same sample.
 */
public final class GeneratorChoice implements Serializable {

  private final List<String> names;
  private final double[] cumulative;
  private final long runSeed;

  public GeneratorChoice(Map<String, Double> weights, long runSeed) {
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("At least one generator is needed");
    }
    Map<String, Double> ordered = new LinkedHashMap<>();
    weights.keySet().stream().sorted().forEach(k -> ordered.put(k, weights.get(k)));
    this.names = new ArrayList<>(ordered.keySet());
    this.cumulative = new double[names.size()];
    double total = 0;
    for (int i = 0; i < names.size(); i++) {
      total += ordered.get(names.get(i));
      cumulative[i] = total;
    }
    for (int i = 0; i < cumulative.length; i++) {
      cumulative[i] /= total;
    }
    this.runSeed = runSeed;
  }

  /** The endpoint name for this prompt's sample. */
  public String pick(String promptId, int sampleIndex) {
    if (names.size() == 1) {
      return names.get(0);
    }
    long bits = SamplingKey.seed(runSeed, "generator", promptId, sampleIndex);
    double u = (bits >>> 7) / (double) (1L << 53);
    for (int i = 0; i < cumulative.length; i++) {
      if (u < cumulative[i]) {
        return names.get(i);
      }
    }
    return names.get(names.size() - 1);
  }

  public List<String> names() {
    return List.copyOf(names);
  }
}
