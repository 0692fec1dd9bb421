package io.sparksdg.bench;

import io.sparksdg.spark.cluster.LoggedProcess;
import io.sparksdg.spark.cluster.SparkHomeFromBuild;
import io.sparksdg.spark.cluster.StandaloneCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * B4, a benchmark, not a test: the real job through {@code spark-submit} on a standalone cluster of
 * two workers on 127.0.0.1, first with one executor, then with two, each executor allowed {@code
 * --per-executor} requests in flight, against the simulator (its own JVM) answering after {@code
 * --latency-ms}. Prints one JSON line per run (the responses stage's call time, as the job logs it)
 * and one with the ratio. Work stays under {@code target/bench/b4-cluster}.
 *
 * <p>Each executor runs {@code --executor-cores} tasks at once (the workers advertise that many
 * cores whatever the machine has): a model-calling task waits on the network, so several tasks
 * share the executor's in-flight budget and one task's start and tail overlap the others' calls.
 * With 1, an executor's tasks run one after another and its slots idle between them.
 *
 * <p>Arguments: {@code [--prompts N] [--per-executor C] [--latency-ms L] [--executor-cores K]}
 * (defaults 25600, 64, 200, 4).
 */
public final class ClusterBench {

  private static final Path REPO = Path.of("").toAbsolutePath();
  private static final Pattern CALLS =
      Pattern.compile("Stage responses: calls finished in ([0-9.]+) s");

  private ClusterBench() {}

  public static void main(String[] args) throws Exception {
    int prompts = 25600;
    int perExecutor = 64;
    int latencyMs = 200;
    int executorCores = 4;
    for (int i = 0; i < args.length; i += 2) {
      int value = Integer.parseInt(args[i + 1]);
      switch (args[i]) {
        case "--prompts" -> prompts = value;
        case "--per-executor" -> perExecutor = value;
        case "--latency-ms" -> latencyMs = value;
        case "--executor-cores" -> executorCores = value;
        default -> throw new IllegalArgumentException("Unknown flag " + args[i]);
      }
    }
    Path dir = Files.createDirectories(REPO.resolve("target/bench/b4-cluster"));
    Path sparkHome = SparkHomeFromBuild.create(REPO, dir.resolve("spark-home"));
    Path input = promptsFile(dir, prompts);
    try (LoggedProcess simulator =
            LoggedProcess.start(
                "simulator",
                List.of(
                    REPO.resolve("submit/sdg").toString(),
                    "simulate",
                    "--port",
                    "0",
                    "--latency-ms",
                    Integer.toString(latencyMs)),
                Map.of("SDG_JAVA_OPTS", "-Xmx1g"),
                REPO,
                dir.resolve("simulator.log"));
        StandaloneCluster cluster =
            StandaloneCluster.start(sparkHome, dir, 2, executorCores, "1g")) {
      String url =
          simulator.await("Simulator listening on (http://[0-9.:]+)", Duration.ofMinutes(2));
      double ceilingPerExecutor = perExecutor * 1000.0 / latencyMs;
      double[] rps = new double[3];
      for (int executors = 1; executors <= 2; executors++) {
        double seconds =
            run(
                sparkHome,
                cluster,
                dir,
                input,
                url,
                executors,
                executorCores,
                perExecutor,
                "run-" + executors);
        rps[executors] = prompts / seconds;
        System.out.printf(
            Locale.ROOT,
            "{\"bench\":\"b4\",\"executors\":%d,\"cores_per_executor\":%d,\"in_flight_per_executor\":%d,\"latency_ms\":%d,"
                + "\"requests\":%d,\"seconds\":%.3f,\"rps\":%.1f,\"ceiling_rps\":%.1f,"
                + "\"efficiency\":%.4f}%n",
            executors,
            executorCores,
            perExecutor,
            latencyMs,
            prompts,
            seconds,
            rps[executors],
            ceilingPerExecutor * executors,
            rps[executors] / (ceilingPerExecutor * executors));
      }
      System.out.printf(
          Locale.ROOT, "{\"bench\":\"b4\",\"speedup_2_over_1\":%.3f}%n", rps[2] / rps[1]);
    }
  }

  /** One run of the job; the responses stage's call time in seconds. */
  private static double run(
      Path sparkHome,
      StandaloneCluster cluster,
      Path dir,
      Path input,
      String url,
      int executors,
      int executorCores,
      int perExecutor,
      String name)
      throws Exception {
    Path out = dir.resolve("out-" + executors);
    // a fresh output root: an earlier run's committed work would be resumed, not requested again
    if (Files.exists(out)) {
      try (var old = Files.walk(out)) {
        old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                REPO.resolve("submit/sdg").toString(),
                "run",
                "--master",
                cluster.masterUrl(),
                "--config",
                REPO.resolve("bench/bench.yaml").toString(),
                "--out",
                out.toString()));
    for (String set :
        List.of(
            "prompts.import=" + input,
            "endpoints.generator.base-url=" + url,
            "endpoints.reward.base-url=" + url,
            "endpoints.generator.max-concurrency=" + perExecutor * executors,
            "endpoints.reward.max-concurrency=" + perExecutor * executors,
            "responses.per-prompt=1",
            "run.partitions=" + 4 * executors * executorCores,
            "run.overwrite=true")) {
      command.add("--set");
      command.add(set);
    }
    try (LoggedProcess job =
        LoggedProcess.start(
            name,
            command,
            Map.of(
                "SPARK_HOME",
                sparkHome.toString(),
                "SDG_SUBMIT_OPTS",
                "--driver-memory 1g --conf spark.executor.memory=1g --conf spark.ui.enabled=false"
                    + " --conf spark.executor.cores="
                    + executorCores
                    + " --conf spark.cores.max="
                    + executors * executorCores
                    + " --conf spark.executor.instances="
                    + executors),
            REPO,
            dir.resolve(name + ".log"))) {
      int code = job.waitFor(Duration.ofMinutes(20));
      if (code != 0) {
        throw new IllegalStateException(name + " exited " + code + ":\n" + job.tail());
      }
      Matcher m = CALLS.matcher(job.read());
      if (!m.find()) {
        throw new IllegalStateException(name + ": no responses timing in its log:\n" + job.tail());
      }
      return Double.parseDouble(m.group(1));
    }
  }

  private static Path promptsFile(Path dir, int n) throws Exception {
    List<String> lines = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      lines.add(
          String.format(
              Locale.ROOT, "{\"id\": \"b4-%07d\", \"prompt\": \"Explain idea %d simply.\"}", i, i));
    }
    return Files.write(dir.resolve("prompts-" + n + ".jsonl"), lines);
  }
}
