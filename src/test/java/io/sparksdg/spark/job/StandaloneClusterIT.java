package io.sparksdg.spark.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.spark.cluster.LoggedProcess;
import io.sparksdg.spark.cluster.SparkHomeFromBuild;
import io.sparksdg.spark.cluster.StandaloneCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job as users run it on a cluster: {@code submit/sdg run --master spark://...} through
 * spark-submit (client deploy mode) with the shaded jar, on a real standalone cluster of one master
 * and two one-core workers on 127.0.0.1, against the simulator running as its own process ({@code
 * submit/sdg simulate}). Everything runs from a Spark home made of the build's Spark jars ({@link
 * SparkHomeFromBuild}); logs, worker folders and outputs stay under {@code
 * target/cluster-it/<time>/}.
 */
class StandaloneClusterIT {

  private static final Path REPO = Path.of("").toAbsolutePath();
  private static final Duration RUN = Duration.ofMinutes(12);

  private static Path dir;
  private static Path sparkHome;
  private static LoggedProcess simulator;
  private static String simulatorUrl;
  private static StandaloneCluster cluster;
  private static Path prompts;
  private static SparkSession reader;

  @BeforeAll
  static void startCluster() throws Exception {
    dir =
        Files.createDirectories(
            REPO.resolve("target/cluster-it")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss-SSS"))));
    sparkHome = SparkHomeFromBuild.create(REPO, dir.resolve("spark-home"));
    // Slow enough that a run spans many flush intervals, so an executor can be killed mid-run.
    simulator =
        LoggedProcess.start(
            "simulator",
            List.of(
                REPO.resolve("submit/sdg").toString(),
                "simulate",
                "--port",
                "0",
                "--latency-ms",
                "60"),
            Map.of("SDG_JAVA_OPTS", "-Xmx256m"),
            REPO,
            dir.resolve("simulator.log"));
    simulatorUrl =
        simulator.await("Simulator listening on (http://[0-9.:]+)", Duration.ofMinutes(2));
    cluster = StandaloneCluster.start(sparkHome, dir, 2, 1, "1g");
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      lines.add(
          String.format(
              "{\"id\": \"cluster-%03d\", \"prompt\": \"Explain idea number %d in plain words.\"}",
              i, i));
    }
    prompts = Files.write(dir.resolve("prompts.jsonl"), lines);
  }

  @AfterAll
  static void stopCluster() {
    if (reader != null) {
      reader.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  @Test
  void survivesAnExecutorKilledMidRun() throws Exception {
    int executorsBefore = cluster.executorDirs().size();
    Path out = dir.resolve("out-killed");
    LoggedProcess run = submit("run-killed", out);

    Path log = out.resolve("_staging/responses/log");
    long deadline = System.nanoTime() + RUN.toNanos();
    while (!committedLog(log) && run.process().isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(run.process().isAlive())
        .as("the run is still going after its first committed outcomes; %s", run.tail())
        .isTrue();
    List<ProcessHandle> executors = cluster.executors();
    assertThat(executors).as("executor JVMs of the cluster").isNotEmpty();
    ProcessHandle victim = executors.get(0);
    assertThat(victim.destroyForcibly()).as("SIGKILL sent to executor %s", victim.pid()).isTrue();
    victim.onExit().get();

    int code = run.waitFor(RUN);

    assertThat(code).as("exit code; %s", run.tail()).isZero();
    assertThat(run.read()).contains(" wrote " + out + ":");
    // the master replaced the killed executor
    assertThat(cluster.executorDirs().size() - executorsBefore).isGreaterThanOrEqualTo(3);
    RunInvariants.check(reader(), out, 2);
    assertThat(RunInvariants.table(reader(), out, "scores").count()).isEqualTo(80);
    assertThat(RunInvariants.table(reader(), out, "failures").count()).isZero();
  }

  @Test
  void propagatesExitCodesThroughSparkSubmit() throws Exception {
    LoggedProcess unreachable =
        submit(
            "run-unreachable",
            dir.resolve("out-unreachable"),
            "endpoints.reward.base-url=http://127.0.0.1:1");
    assertThat(unreachable.waitFor(RUN)).as(unreachable.tail()).isEqualTo(3);
    assertThat(unreachable.read()).contains("unreachable");

    LoggedProcess badConfig =
        submit("run-bad-config", dir.resolve("out-bad"), "responses.per-promt=2");
    assertThat(badConfig.waitFor(RUN)).as(badConfig.tail()).isEqualTo(2);
    assertThat(badConfig.read()).contains("per-prompt");
  }

  /** Whether a task committed its first outcome log file. */
  private static boolean committedLog(Path log) throws java.io.IOException {
    if (!Files.isDirectory(log)) {
      return false;
    }
    try (var files = Files.list(log)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".jsonl"));
    }
  }

  /** {@code submit/sdg run --master <cluster>} with SPARK_HOME set: the spark-submit path. */
  private static LoggedProcess submit(String name, Path out, String... overrides) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                REPO.resolve("submit/sdg").toString(),
                "run",
                "--master",
                cluster.masterUrl(),
                "--config",
                REPO.resolve("conf/local.yaml").toString(),
                "--out",
                out.toString(),
                "--set",
                "prompts.import=" + prompts,
                "--set",
                "endpoints.generator.base-url=" + simulatorUrl,
                "--set",
                "endpoints.reward.base-url=" + simulatorUrl,
                "--set",
                "endpoints.generator.max-concurrency=4",
                "--set",
                "endpoints.reward.max-concurrency=4",
                "--set",
                "run.partitions=2"));
    for (String o : overrides) {
      command.add("--set");
      command.add(o);
    }
    return LoggedProcess.start(
        name,
        command,
        Map.of(
            "SPARK_HOME",
            sparkHome.toString(),
            "SDG_SUBMIT_OPTS",
            "--driver-memory 768m --conf spark.executor.memory=640m --conf spark.ui.enabled=false"),
        REPO,
        dir.resolve(name + ".log"));
  }

  private static SparkSession reader() {
    if (reader == null) {
      reader =
          SparkSession.builder()
              .master("local[1]")
              .appName("cluster-it-reader")
              .config("spark.ui.enabled", "false")
              .getOrCreate();
    }
    return reader;
  }
}
