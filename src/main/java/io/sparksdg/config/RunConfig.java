package io.sparksdg.config;

import java.io.Serializable;

/**
 * Keys under {@code run}.
 *
 * @param errorBudget the share of failed records above which the run fails
 * @param seed the seed for every sampled choice, so a run is reproducible
 * @param partitions how many Spark partitions a model-calling stage uses; 0 picks twice the default
 *     parallelism
 */
public record RunConfig(Double errorBudget, Long seed, Integer partitions) implements Serializable {

  public static final RunConfig DEFAULT = new RunConfig(null, null, null);

  public RunConfig {
    errorBudget = errorBudget == null ? 0.05 : errorBudget;
    Checks.require(
        errorBudget >= 0 && errorBudget <= 1,
        "error-budget must be a share between 0 and 1, got %s",
        errorBudget);
    seed = seed == null ? 42L : seed;
    partitions = partitions == null ? 0 : partitions;
    Checks.require(partitions >= 0, "partitions must not be negative, got %s", partitions);
  }
}
