package io.sparksdg.spark.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child process whose stdout and stderr go to one log file (kept under {@code target/} for
 * debugging), with a way to wait for a line in that log and to stop the process and everything it
 * started.
 */
public final class LoggedProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;

  private LoggedProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  public static LoggedProcess start(
      String name, List<String> command, Map<String, String> env, Path cwd, Path log)
      throws IOException {
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(cwd.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(env);
    return new LoggedProcess(name, builder.start(), log);
  }

  public Process process() {
    return process;
  }

  public Path log() {
    return log;
  }

  /** The first group of the first log line matching {@code regex}, waiting up to {@code max}. */
  public String await(String regex, Duration max) throws IOException, InterruptedException {
    Pattern pattern = Pattern.compile(regex);
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = pattern.matcher(read());
      if (m.find()) {
        return m.groupCount() > 0 ? m.group(1) : m.group();
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name
                + " exited with "
                + process.exitValue()
                + " before logging /"
                + regex
                + "/; "
                + tail());
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        name + " did not log /" + regex + "/ within " + max + "; " + tail());
  }

  /** Waits for the process to end and returns its exit code; kills it after {@code max}. */
  public int waitFor(Duration max) throws InterruptedException, IOException {
    if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw new IllegalStateException(name + " did not finish within " + max + "; " + tail());
    }
    return process.exitValue();
  }

  public String read() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  /** The log's last lines, for assertion messages. */
  public String tail() throws IOException {
    String[] lines = read().split("\n");
    int from = Math.max(0, lines.length - 40);
    return "last lines of "
        + log
        + ":\n"
        + String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
  }

  /** Stops the process and its descendants: SIGTERM, then SIGKILL for whatever is left. */
  @Override
  public void close() {
    List<ProcessHandle> tree =
        java.util.stream.Stream.concat(
                process.descendants(), java.util.stream.Stream.of(process.toHandle()))
            .toList();
    process.destroy();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle p : tree) {
      p.destroyForcibly();
    }
  }
}
