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
 * @param latencySigma 0 for a fixed latency; otherwise each answer's service time is drawn from a
 *     lognormal distribution with mean {@code latency} and this sigma (real servers' latency is
 *     heavy-tailed because answer lengths are), deterministically per attempt
 * @param slots 0 for no limit; otherwise the server works on at most this many requests at once and
 *     queues the rest in arrival order, as a GPU server with a fixed batch does
 * @param additionalApiKeys keys accepted besides {@code requiredApiKey} (which must then be set),
 *     as a provider accepts each key of an account; {@code /sim/stats} counts requests by key
 *     position, {@code requiredApiKey} being 1
 * @param batches how the batch API ({@code /v1/files}, {@code /v1/batches}) behaves
 * @param latencyByConversation false to draw a service time from the whole request body (so two
 *     clients sending the same conversations with other parameters draw other times); true to draw
 *     it from the conversation ({@code messages}) and how many other bodies with that conversation
 *     came before, so every client that sends the same conversations the same number of times is
 *     served the same set of service times, whatever its other parameters or order
 */
public record SimulatorOptions(
    String host,
    int port,
    Duration latency,
    Duration latencyJitter,
    Faults faults,
    long seed,
    double repeatRate,
    String requiredApiKey,
    double latencySigma,
    int slots,
    java.util.List<String> additionalApiKeys,
    Batches batches,
    boolean latencyByConversation) {

  /**
   * The batch API's behaviour: a batch completes {@code delay} after it is created; of its lines, a
   * seeded {@code failRate} share fails (a 500 in the error file) and an {@code expireRate} share
   * expires (then the batch's status is {@code expired}), drawn anew for each submission of a line.
   */
  public record Batches(Duration delay, double failRate, double expireRate) {
    public Batches {
      delay = nonNegative("batch delay", delay);
      if (!(failRate >= 0 && expireRate >= 0 && failRate + expireRate <= 1)) {
        throw new IllegalArgumentException(
            "batch fail and expire rates must be >= 0 and sum to at most 1, got "
                + failRate
                + " and "
                + expireRate);
      }
    }

    public static final Batches IMMEDIATE = new Batches(Duration.ZERO, 0, 0);
  }

  public SimulatorOptions {
    batches = batches == null ? Batches.IMMEDIATE : batches;
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
    if (!(latencySigma >= 0 && latencySigma <= 4)) {
      throw new IllegalArgumentException("latencySigma must be in [0, 4], got " + latencySigma);
    }
    if (slots < 0) {
      throw new IllegalArgumentException("slots must not be negative, got " + slots);
    }
    if (requiredApiKey != null && requiredApiKey.isBlank()) {
      throw new IllegalArgumentException("A required API key must not be blank; use null for none");
    }
    additionalApiKeys =
        java.util.List.copyOf(additionalApiKeys == null ? java.util.List.of() : additionalApiKeys);
    if (!additionalApiKeys.isEmpty() && requiredApiKey == null) {
      throw new IllegalArgumentException("Additional API keys need a required API key first");
    }
    if (additionalApiKeys.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("An additional API key must not be blank");
    }
  }

  /**
   * Loopback, an ephemeral port, no latency, no faults, seed 0, no repeats, no API key, no slot
   * limit.
   */
  public static SimulatorOptions defaults() {
    return new Builder().build();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public SimulatorOptions withLatencySigma(double sigma) {
    return toBuilder().latencySigma(sigma).build();
  }

  public SimulatorOptions withLatencyByConversation(boolean on) {
    return toBuilder().latencyByConversation(on).build();
  }

  public SimulatorOptions withBatches(Batches b) {
    return toBuilder().batches(b).build();
  }

  public SimulatorOptions withSlots(int n) {
    return toBuilder().slots(n).build();
  }

  public SimulatorOptions withHost(String newHost) {
    return toBuilder().host(newHost).build();
  }

  public SimulatorOptions withPort(int newPort) {
    return toBuilder().port(newPort).build();
  }

  public SimulatorOptions withLatency(Duration newLatency) {
    return toBuilder().latency(newLatency).build();
  }

  public SimulatorOptions withLatencyJitter(Duration newJitter) {
    return toBuilder().latencyJitter(newJitter).build();
  }

  public SimulatorOptions withFaults(Faults newFaults) {
    return toBuilder().faults(newFaults).build();
  }

  public SimulatorOptions withSeed(long newSeed) {
    return toBuilder().seed(newSeed).build();
  }

  public SimulatorOptions withRepeatRate(double newRepeatRate) {
    return toBuilder().repeatRate(newRepeatRate).build();
  }

  public SimulatorOptions withRequiredApiKey(String newKey) {
    return toBuilder().requiredApiKey(newKey).build();
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
        + ", additionalApiKeys="
        + additionalApiKeys.size()
        + ", latencySigma="
        + latencySigma
        + ", slots="
        + slots
        + ", batches="
        + batches
        + "]";
  }

  private static Duration nonNegative(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
    return value;
  }

  /** The one copy path of the options. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private Duration latency = Duration.ZERO;
    private Duration latencyJitter = Duration.ZERO;
    private Faults faults = Faults.none();
    private long seed;
    private double repeatRate;
    private String requiredApiKey;
    private double latencySigma;
    private int slots;
    private java.util.List<String> additionalApiKeys = java.util.List.of();
    private Batches batches;
    private boolean latencyByConversation;

    Builder() {}

    Builder(SimulatorOptions o) {
      host = o.host;
      port = o.port;
      latency = o.latency;
      latencyJitter = o.latencyJitter;
      faults = o.faults;
      seed = o.seed;
      repeatRate = o.repeatRate;
      requiredApiKey = o.requiredApiKey;
      latencySigma = o.latencySigma;
      slots = o.slots;
      additionalApiKeys = o.additionalApiKeys;
      batches = o.batches;
      latencyByConversation = o.latencyByConversation;
    }

    public Builder latencyByConversation(boolean v) {
      latencyByConversation = v;
      return this;
    }

    public Builder batches(Batches v) {
      batches = v;
      return this;
    }

    public Builder host(String v) {
      host = v;
      return this;
    }

    public Builder port(int v) {
      port = v;
      return this;
    }

    public Builder latency(Duration v) {
      latency = v;
      return this;
    }

    public Builder latencyJitter(Duration v) {
      latencyJitter = v;
      return this;
    }

    public Builder faults(Faults v) {
      faults = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder repeatRate(double v) {
      repeatRate = v;
      return this;
    }

    public Builder requiredApiKey(String v) {
      requiredApiKey = v;
      return this;
    }

    public Builder latencySigma(double v) {
      latencySigma = v;
      return this;
    }

    public Builder slots(int v) {
      slots = v;
      return this;
    }

    public Builder additionalApiKeys(java.util.List<String> v) {
      additionalApiKeys = v;
      return this;
    }

    public SimulatorOptions build() {
      return new SimulatorOptions(
          host,
          port,
          latency,
          latencyJitter,
          faults,
          seed,
          repeatRate,
          requiredApiKey,
          latencySigma,
          slots,
          additionalApiKeys,
          batches,
          latencyByConversation);
    }
  }
}
