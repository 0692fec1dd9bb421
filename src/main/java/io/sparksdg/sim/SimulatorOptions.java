package io.sparksdg.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Simulator} behaves: where it listens, how slow it is, which faults it injects.
 *
 * @param host the address to bind, {@code 127.0.0.1} by default
 * @param port the port to bind; 0 picks a free ephemeral port
 * @param latency the delay before every chat or reward answer
 * @param latencyJitter up to this much extra delay, chosen deterministically per attempt
 * @param faults the faults to inject
 * @param seed varies generated content, faults and jitter; the same seed reproduces a run
 * @param repeatRate the share of chat answers (and of string list items in JSON answers) that
 *     repeat an earlier canned answer verbatim or nearly, for deduplication tests; 0 by default
 * @param requiredApiKey null for no authentication; otherwise requests must carry {@code
 *     Authorization: Bearer <key>} or get 401
 */
public record SimulatorOptions(
    String host,
    int port,
    Duration latency,
    Duration latencyJitter,
    Faults faults,
    long seed,
    double repeatRate,
    String requiredApiKey) {

  public SimulatorOptions {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("The simulator's host must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("The simulator's port must be 0..65535, got " + port);
    }
    latency = nonNegative("latency", latency);
    latencyJitter = nonNegative("latencyJitter", latencyJitter);
    Objects.requireNonNull(faults, "faults");
    if (!(repeatRate >= 0 && repeatRate <= 1)) {
      throw new IllegalArgumentException("repeatRate must be between 0 and 1, got " + repeatRate);
    }
    if (requiredApiKey != null && requiredApiKey.isBlank()) {
      throw new IllegalArgumentException("A required API key must not be blank; use null for none");
    }
  }

  /** Loopback, an ephemeral port, no latency, no faults, seed 0, no repeats, no API key. */
  public static SimulatorOptions defaults() {
    return new SimulatorOptions(
        "127.0.0.1", 0, Duration.ZERO, Duration.ZERO, Faults.none(), 0L, 0.0, null);
  }

  public SimulatorOptions withHost(String newHost) {
    return new SimulatorOptions(
        newHost, port, latency, latencyJitter, faults, seed, repeatRate, requiredApiKey);
  }

  public SimulatorOptions withPort(int newPort) {
    return new SimulatorOptions(
        host, newPort, latency, latencyJitter, faults, seed, repeatRate, requiredApiKey);
  }

  public SimulatorOptions withLatency(Duration newLatency) {
    return new SimulatorOptions(
        host, port, newLatency, latencyJitter, faults, seed, repeatRate, requiredApiKey);
  }

  public SimulatorOptions withLatencyJitter(Duration newJitter) {
    return new SimulatorOptions(
        host, port, latency, newJitter, faults, seed, repeatRate, requiredApiKey);
  }

  public SimulatorOptions withFaults(Faults newFaults) {
    return new SimulatorOptions(
        host, port, latency, latencyJitter, newFaults, seed, repeatRate, requiredApiKey);
  }

  public SimulatorOptions withSeed(long newSeed) {
    return new SimulatorOptions(
        host, port, latency, latencyJitter, faults, newSeed, repeatRate, requiredApiKey);
  }

  public SimulatorOptions withRepeatRate(double newRepeatRate) {
    return new SimulatorOptions(
        host, port, latency, latencyJitter, faults, seed, newRepeatRate, requiredApiKey);
  }

  public SimulatorOptions withRequiredApiKey(String newKey) {
    return new SimulatorOptions(
        host, port, latency, latencyJitter, faults, seed, repeatRate, newKey);
  }

  /** Like the record's own, but never shows the API key. */
  @Override
  public String toString() {
    return "SimulatorOptions[host="
        + host
        + ", port="
        + port
        + ", latency="
        + latency
        + ", latencyJitter="
        + latencyJitter
        + ", faults="
        + faults
        + ", seed="
        + seed
        + ", repeatRate="
        + repeatRate
        + ", requiredApiKey="
        + (requiredApiKey == null ? "none" : "<redacted>")
        + "]";
  }

  private static Duration nonNegative(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
    return value;
  }
}
