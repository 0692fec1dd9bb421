package io.sparksdg.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;

/**
 * {@code submit/sdg simulate}: runs a {@link Simulator} from the command line until killed.
 *
 * <p>Flags: {@code --port N} (8000), {@code --host H} (127.0.0.1), {@code --latency-ms N}, {@code
 * --jitter-ms N}, {@code --latency-sigma X}, {@code --latency-by body|conversation} (what a
 * lognormal service time is drawn from), {@code --slots N}, {@code --fault-rate X} (spread evenly
 * over the fault kinds), {@code --reject-marker S} (repeatable), {@code --repeat-rate X}, {@code
 * --seed N}, {@code --require-key-env VAR[,VAR2...]} (each variable one accepted key). A bad flag
 * ends in one line on stderr and exit code 2.
 */
public final class SimulatorMain {

  static final String USAGE =
      "Usage: sdg simulate [--port N] [--host H] [--latency-ms N] [--jitter-ms N]"
          + " [--latency-sigma X] [--latency-by body|conversation] [--slots N] [--fault-rate X] [--reject-marker S]..."
          + " [--repeat-rate X] [--seed N] [--require-key-env VAR[,VAR2...]]";

  private static final List<String> FLAGS =
      List.of(
          "--port",
          "--host",
          "--latency-ms",
          "--jitter-ms",
          "--latency-sigma",
          "--latency-by",
          "--slots",
          "--fault-rate",
          "--repeat-rate",
          "--reject-marker",
          "--seed",
          "--require-key-env");

  /** A mistake in the command line, reported as one line. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  private SimulatorMain() {}

  public static void main(String[] args) {
    SimulatorOptions options;
    try {
      options = parse(args, System::getenv);
    } catch (UsageException e) {
      boolean help = e.getMessage().equals(USAGE);
      (help ? System.out : System.err).println(e.getMessage());
      System.exit(help ? 0 : 2);
      return;
    }
    Simulator simulator;
    try {
      simulator = Simulator.start(options);
    } catch (IllegalStateException e) {
      System.err.println(e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  simulator.close();
                  stopped.countDown();
                },
                "sim-shutdown"));
    System.out.println(
        "Simulator listening on " + simulator.baseUrl() + " (simulated models; Ctrl-C to stop)");
    System.out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Options from the command line; {@code env} looks up environment variables.
   *
   * @throws UsageException with a one-line message naming the bad flag or value
   */
  static SimulatorOptions parse(String[] args, UnaryOperator<String> env) throws UsageException {
    SimulatorOptions options = SimulatorOptions.defaults().withPort(8000);
    double faultRate = 0;
    List<String> rejectMarkers = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      String value = null;
      int eq = flag.indexOf('=');
      if (flag.startsWith("--") && eq > 0) {
        value = flag.substring(eq + 1);
        flag = flag.substring(0, eq);
      }
      if (flag.equals("--help") || flag.equals("-h")) {
        throw new UsageException(USAGE);
      }
      if (!FLAGS.contains(flag)) {
        throw new UsageException("Unknown flag '" + flag + "'. " + USAGE);
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new UsageException("Missing value for " + flag + ". " + USAGE);
        }
        value = args[++i];
      }
      if (flag.equals("--fault-rate")) {
        faultRate = rate(flag, value);
      } else if (flag.equals("--reject-marker")) {
        if (value.isEmpty()) {
          throw new UsageException("--reject-marker needs a non-empty string");
        }
        rejectMarkers.add(value);
      } else {
        options = set(options, flag, value, env);
      }
    }
    return options.withFaults(Faults.spread(faultRate).withRejectMarkers(rejectMarkers));
  }

  /** {@code options} with one flag's value (every flag but the fault settings). */
  private static SimulatorOptions set(
      SimulatorOptions options, String flag, String value, UnaryOperator<String> env)
      throws UsageException {
    return switch (flag) {
      case "--port" -> options.withPort(intIn(flag, value, 0, 65_535));
      case "--host" -> {
        if (value.isBlank()) {
          throw new UsageException("--host needs an address, got an empty value");
        }
        yield options.withHost(value);
      }
      case "--latency-ms" ->
          options.withLatency(Duration.ofMillis(intIn(flag, value, 0, Integer.MAX_VALUE)));
      case "--jitter-ms" ->
          options.withLatencyJitter(Duration.ofMillis(intIn(flag, value, 0, Integer.MAX_VALUE)));
      case "--repeat-rate" -> options.withRepeatRate(rate(flag, value));
      case "--latency-sigma" -> {
        try {
          yield options.withLatencySigma(Double.parseDouble(value));
        } catch (IllegalArgumentException e) {
          throw new UsageException(
              "--latency-sigma needs a number from 0 to 4, got '" + value + "'");
        }
      }
      case "--latency-by" ->
          switch (value) {
            case "body" -> options.withLatencyByConversation(false);
            case "conversation" -> options.withLatencyByConversation(true);
            default ->
                throw new UsageException(
                    "--latency-by needs body or conversation, got '" + value + "'");
          };
      case "--slots" -> options.withSlots(intIn(flag, value, 0, 1_000_000));
      case "--seed" -> {
        try {
          yield options.withSeed(Long.parseLong(value));
        } catch (NumberFormatException e) {
          throw new UsageException("--seed needs a whole number, got '" + value + "'");
        }
      }
      case "--require-key-env" -> {
        // VAR or VAR1,VAR2,...: every key is accepted, counted by its position
        java.util.List<String> keys = new java.util.ArrayList<>();
        for (String name : value.split(",")) {
          String key = env.apply(name.strip());
          if (key == null || key.isBlank()) {
            throw new UsageException(
                "--require-key-env names $" + name + ", which is not set or empty: export it");
          }
          keys.add(key.strip());
        }
        yield options.toBuilder()
            .requiredApiKey(keys.get(0))
            .additionalApiKeys(keys.subList(1, keys.size()))
            .build();
      }
      default -> throw new IllegalStateException("Flag without a case: " + flag);
    };
  }

  private static int intIn(String flag, String value, int min, int max) throws UsageException {
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(
        flag + " needs a whole number from " + min + " to " + max + ", got '" + value + "'");
  }

  private static double rate(String flag, String value) throws UsageException {
    try {
      double parsed = Double.parseDouble(value);
      if (parsed >= 0 && parsed <= 1) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(flag + " needs a number from 0 to 1, got '" + value + "'");
  }
}
