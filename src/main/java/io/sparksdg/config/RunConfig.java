package io.sparksdg.config;

import java.io.Serializable;

/**
 * Keys under {@code run}.
 *
 * @param errorBudget the share of failed records above which the run fails
 * @param seed the seed for every sampled choice, so a run is reproducible
 * @param partitions how many Spark partitions a model-calling stage uses; 0 picks the default
 *     parallelism (one task per task slot: one wave of tasks, so no task waits for a slot while
 *     others drain their last calls)
 * @param batchSize no longer used (every outcome is durable within {@code flush-interval}); still
 *     accepted so that older configs load, with a warning; null when not set
 * @param circuitBreaker consecutive requests to one endpoint that must fail with an authentication,
 *     not-found or connection error before the run stops
 * @param overwrite discard the tables of an earlier run with a different configuration in the same
 *     output root, instead of refusing to mix them
 * @param maxBudget US dollars (priced by {@code endpoints.<name>.price}) this run may spend; when
 *     spent, the run stops new calls within about a second; null for no limit
 * @param progressInterval how often a progress line is written while a model-calling stage runs
 * @param flushInterval how long a finished call's outcome may wait in a task before it is committed
 *     to the step's outcome log (what a killed run can lose besides the calls in flight)
 * @param flushOutcomes commit a task's buffered outcomes as soon as there are this many
 * @param pipeline score (and screen) each response as soon as it arrives, and judge a prompt's
 *     pairs as soon as its last response is scored, in the responses step's tasks (false: the
 *     scores, safety and judgements steps request their calls after the last response)
 */
public record RunConfig(
    Double errorBudget,
    Long seed,
    Integer partitions,
    Integer batchSize,
    Integer circuitBreaker,
    Boolean overwrite,
    Integer round,
    Double maxBudget,
    java.time.Duration progressInterval,
    java.time.Duration flushInterval,
    Integer flushOutcomes,
    Boolean pipeline)
    implements Serializable {

  public static final RunConfig DEFAULT =
      new RunConfig(null, null, null, null, null, null, null, null, null, null, null, null);

  public RunConfig {
    errorBudget = errorBudget == null ? 0.05 : errorBudget;
    Checks.require(
        errorBudget >= 0 && errorBudget <= 1,
        "error-budget must be a share between 0 and 1, got %s",
        errorBudget);
    seed = seed == null ? 42L : seed;
    partitions = partitions == null ? 0 : partitions;
    Checks.require(partitions >= 0, "partitions must not be negative, got %s", partitions);
    Checks.require(
        batchSize == null || batchSize > 0, "batch-size must be positive, got %s", batchSize);
    circuitBreaker = circuitBreaker == null ? 16 : circuitBreaker;
    Checks.require(circuitBreaker > 0, "circuit-breaker must be positive, got %s", circuitBreaker);
    overwrite = overwrite != null && overwrite;
    round = round == null ? 1 : round;
    Checks.require(round >= 1, "round must be at least 1, got %s", round);
    Checks.require(
        maxBudget == null || maxBudget > 0,
        "max-budget must be a positive amount of US dollars, got %s",
        maxBudget);
    progressInterval =
        progressInterval == null ? java.time.Duration.ofSeconds(30) : progressInterval;
    Checks.require(
        progressInterval.toMillis() >= 100,
        "progress-interval must be at least 100ms, got %s",
        progressInterval);
    flushInterval = flushInterval == null ? java.time.Duration.ofSeconds(1) : flushInterval;
    Checks.require(
        flushInterval.toMillis() >= 10 && flushInterval.toMinutes() <= 10,
        "flush-interval must be between 10ms and 10m, got %s",
        flushInterval);
    flushOutcomes = flushOutcomes == null ? 200 : flushOutcomes;
    Checks.require(flushOutcomes > 0, "flush-outcomes must be positive, got %s", flushOutcomes);
    pipeline = pipeline == null || pipeline;
  }
}
