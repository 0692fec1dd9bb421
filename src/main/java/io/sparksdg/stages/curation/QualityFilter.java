package io.sparksdg.stages.curation;

import io.sparksdg.config.FilterConfig;
import io.sparksdg.records.ScoreRecord;
import java.io.Serializable;
import java.util.Map;

/**
 * Decides which scored responses are good enough for SFT: the weighted reward at least {@code
 * min-reward}, and each attribute within its configured {@code min}/{@code max} bounds.
 */
public final class QualityFilter implements Serializable {

  private final FilterConfig config;

  public QualityFilter(FilterConfig config) {
    this.config = config;
  }

  public FilterDecision decide(ScoreRecord score) {
    if (config.minReward() != null && score.reward() < config.minReward()) {
      return new FilterDecision.Drop(
          String.format("reward %.3f < min-reward %.3f", score.reward(), config.minReward()));
    }
    for (Map.Entry<String, Double> bound : config.min().entrySet()) {
      Double value = score.attribute(bound.getKey());
      if (value == null || value < bound.getValue()) {
        return new FilterDecision.Drop(
            String.format("%s %s < min %.3f", bound.getKey(), value, bound.getValue()));
      }
    }
    for (Map.Entry<String, Double> bound : config.max().entrySet()) {
      Double value = score.attribute(bound.getKey());
      if (value == null || value > bound.getValue()) {
        return new FilterDecision.Drop(
            String.format("%s %s > max %.3f", bound.getKey(), value, bound.getValue()));
      }
    }
    return FilterDecision.KEEP;
  }
}
