package io.sparksdg.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * Keys under {@code preferences.code-tests}: how the {@code code-tests} judge runs a response's
 * Python code against its prompt's tests in a sandboxed subprocess.
 *
 * @param timeout wall time a run may take; its CPU time is capped at the same number of seconds
 * @param memoryMb the address space a run may map, in MiB
 * @param python the interpreter to start, a path or a name on the {@code PATH}; when the job runs
 *     as root, one every user can read (e.g. {@code /usr/bin/python3}), since the code runs as an
 *     unprivileged uid
 * @param maxParallel the most sandboxes one JVM runs at once; 0 means one per core
 */
public record CodeTestsConfig(
    Duration timeout, Integer memoryMb, String python, Integer maxParallel)
    implements Serializable {

  public static final CodeTestsConfig DEFAULT = new CodeTestsConfig(null, null, null, null);

  public CodeTestsConfig {
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    Checks.require(
        timeout.compareTo(Duration.ofSeconds(1)) >= 0
            && timeout.compareTo(Duration.ofMinutes(10)) <= 0,
        "preferences.code-tests.timeout must be between 1s and 10m, got %s",
        timeout);
    memoryMb = memoryMb == null ? 512 : memoryMb;
    Checks.require(
        memoryMb >= 64, "preferences.code-tests.memory-mb must be at least 64, got %s", memoryMb);
    python = python == null || python.isBlank() ? "python3" : python.strip();
    maxParallel = maxParallel == null ? 0 : maxParallel;
    Checks.require(
        maxParallel >= 0,
        "preferences.code-tests.max-parallel must not be negative (0 = one per core), got %s",
        maxParallel);
  }

  /** The CPU seconds a run may use: the timeout, rounded up. */
  public int cpuSeconds() {
    return (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
  }

  /** The number of sandboxes one JVM may run at once. */
  public int parallelism() {
    return maxParallel > 0 ? maxParallel : Runtime.getRuntime().availableProcessors();
  }
}
