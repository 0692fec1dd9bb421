package io.sparksdg.spark.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Spark standalone cluster on 127.0.0.1: Spark's own {@code Master} and {@code Worker}
 * classes, started from a Spark home by its {@code bin/spark-class}, each in its own JVM, on ports
 * the kernel picks. Logs and the workers' folders (executor stderr) stay under {@code dir}.
 */
public final class StandaloneCluster implements AutoCloseable {

  private static final Duration START = Duration.ofSeconds(90);

  private final Path sparkHome;
  private final Path dir;
  private final List<LoggedProcess> processes = new ArrayList<>();
  private String masterUrl;

  private StandaloneCluster(Path sparkHome, Path dir) {
    this.sparkHome = sparkHome;
    this.dir = dir;
  }

  /**
   * Starts a master and {@code workers} workers with {@code cores} cores and {@code memory} each,
   * and returns once every worker has registered. On failure, stops whatever started.
   */
  public static StandaloneCluster start(
      Path sparkHome, Path dir, int workers, int cores, String memory) throws Exception {
    StandaloneCluster cluster = new StandaloneCluster(sparkHome, dir);
    try {
      cluster.startAll(workers, cores, memory);
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  private void startAll(int workers, int cores, String memory) throws Exception {
    LoggedProcess master =
        launch(
            "master",
            List.of(
                "org.apache.spark.deploy.master.Master",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--webui-port",
                "0"));
    masterUrl = master.await("Starting Spark master at (spark://\\S+)", START);
    List<LoggedProcess> started = new ArrayList<>();
    for (int i = 1; i <= workers; i++) {
      started.add(
          launch(
              "worker-" + i,
              List.of(
                  "org.apache.spark.deploy.worker.Worker",
                  "--host",
                  "127.0.0.1",
                  "--port",
                  "0",
                  "--webui-port",
                  "0",
                  "--cores",
                  Integer.toString(cores),
                  "--memory",
                  memory,
                  "--work-dir",
                  Files.createDirectories(dir.resolve("worker-" + i + "-work")).toString(),
                  masterUrl)));
    }
    for (LoggedProcess worker : started) {
      worker.await("(Successfully registered with master)", START);
    }
  }

  private LoggedProcess launch(String name, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(sparkHome.resolve("bin/spark-class").toString());
    command.addAll(args);
    LoggedProcess p =
        LoggedProcess.start(
            name,
            command,
            Map.of(
                "SPARK_HOME", sparkHome.toString(),
                "SPARK_LOCAL_IP", "127.0.0.1",
                "SPARK_DAEMON_MEMORY", "256m",
                // the master's REST submission server would take the fixed port 6066
                "SPARK_MASTER_OPTS", "-Dspark.master.rest.enabled=false"),
            dir,
            dir.resolve(name + ".log"));
    processes.add(p);
    return p;
  }

  public String masterUrl() {
    return masterUrl;
  }

  public Path dir() {
    return dir;
  }

  /** Executor folders the workers made for an application ({@code <work>/<app-id>/<exec-id>}). */
  public List<Path> executorDirs() throws IOException {
    List<Path> found = new ArrayList<>();
    try (var workDirs = Files.list(dir)) {
      for (Path work :
          workDirs.filter(p -> p.getFileName().toString().endsWith("-work")).toList()) {
        try (var apps = Files.list(work)) {
          for (Path app : apps.toList()) {
            try (var executors = Files.list(app)) {
              found.addAll(executors.filter(Files::isDirectory).toList());
            }
          }
        }
      }
    }
    return found;
  }

  /**
   * The running executor JVMs ({@code CoarseGrainedExecutorBackend}) that this cluster's workers
   * started; other Spark processes on the machine are not touched.
   */
  public List<ProcessHandle> executors() {
    List<ProcessHandle> found = new ArrayList<>();
    for (LoggedProcess p : processes) {
      p.process()
          .descendants()
          .filter(
              h ->
                  h.info()
                      .commandLine()
                      .map(c -> c.contains("CoarseGrainedExecutorBackend"))
                      .orElse(false))
          .forEach(found::add);
    }
    return found;
  }

  /** Stops the workers (and the executors they started), then the master. */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
  }
}
