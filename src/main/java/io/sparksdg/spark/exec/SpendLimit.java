package io.sparksdg.spark.exec;

import io.sparksdg.model.Usage;
import io.sparksdg.model.http.HttpModelClients;
import java.io.Serializable;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.util.LongAccumulator;

/**
 * This executor JVM's share of what a step may still spend ({@code run.max-budget} less what the
 * run spent before the step, split evenly across executors, as in-flight budgets are). Every task
 * of the step in this JVM checks it before it starts a call: the JVM's spend since the step started
 * is read from its own HTTP counters (tokens at each endpoint's price) the moment a call's usage is
 * known, so no call starts once the share is spent; the calls already in flight end and are
 * committed. A task that stops for the budget says so through an accumulator.
 */
final class SpendLimit implements Serializable {

  /** This JVM's spend when it first checked the limit of a launch (a step's job). */
  private static final Map<String, Double> BASELINE = new ConcurrentHashMap<>();

  private final String launch;
  private final double shareUsd;
  private final LongAccumulator stops;

  SpendLimit(String launch, double shareUsd, LongAccumulator stops) {
    this.launch = launch;
    this.shareUsd = shareUsd;
    this.stops = stops;
  }

  /** Whether this JVM has spent its share on {@code targets}. */
  boolean spent(Collection<Target> targets) {
    double now = spend(targets);
    double start = BASELINE.computeIfAbsent(launch, k -> now);
    return now - start >= shareUsd;
  }

  /** Counts a task that stopped starting calls because the share was spent. */
  void stopped() {
    stops.add(1);
  }

  private static double spend(Collection<Target> targets) {
    double usd = 0;
    for (Target t : targets) {
      Usage used = HttpModelClients.usage(t.name());
      usd += t.config().callPrice().cost(used.promptTokens(), used.completionTokens());
    }
    return usd;
  }
}
