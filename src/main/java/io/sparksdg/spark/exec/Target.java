package io.sparksdg.spark.exec;

import io.sparksdg.config.EndpointConfig;
import java.io.Serializable;

/**
 * An endpoint as an executor sees it: its name, this executor's share of its budgets, how many
 * failures in a row stop it, and the accumulator its HTTP counters go to (null for none). Resolved
 * on the driver; only these small values travel with a task.
 */
public record Target(
    String name, EndpointConfig config, int breakerThreshold, EndpointMetrics metrics)
    implements Serializable {}
