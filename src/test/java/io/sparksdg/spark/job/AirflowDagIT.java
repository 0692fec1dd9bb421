package io.sparksdg.spark.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sparksdg.spark.cluster.LoggedProcess;
import io.sparksdg.spark.cluster.SparkHomeFromBuild;
import io.sparksdg.spark.tables.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The Airflow DAG under {@code submit/airflow/} in real Airflow (the venv made by {@code
 * src/test/python/setup-airflow-venv.sh}, $SDG_AIRFLOW_VENV, default {@code .venv-airflow}): a
 * throwaway SQLite metadata database under {@code target/airflow-it/<time>/}, {@code airflow dags
 * test} for one logical date, twice. Its SparkSubmitOperator runs {@code spark-submit} from a Spark
 * home made of the build's Spark jars, master {@code local[2]}, against the simulator running as
 * its own process. The second run resumes the first: the same rows, none twice.
 */
class AirflowDagIT {

  private static final Path REPO = Path.of("").toAbsolutePath();
  private static final String DATE = "2026-03-01";
  private static final Duration STEP = Duration.ofMinutes(12);

  @Test
  void dagRunsTheJobAndARerunOfTheSameDateAddsNoRows() throws Exception {
    String venvEnv = System.getenv("SDG_AIRFLOW_VENV");
    Path venv =
        venvEnv == null || venvEnv.isBlank() ? REPO.resolve(".venv-airflow") : Path.of(venvEnv);
    if (!Files.isExecutable(venv.resolve("bin/airflow"))) {
      fail("No Airflow venv at %s: run src/test/python/setup-airflow-venv.sh", venv);
    }
    Path dir =
        Files.createDirectories(
            REPO.resolve("target/airflow-it")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss-SSS"))));
    Path sparkHome = SparkHomeFromBuild.create(REPO, dir.resolve("spark-home"));
    Path home = Files.createDirectories(dir.resolve("airflow-home"));
    Path outputRoot = dir.resolve("out");

    try (LoggedProcess simulator =
        LoggedProcess.start(
            "simulator",
            List.of(REPO.resolve("submit/sdg").toString(), "simulate", "--port", "0"),
            Map.of("SDG_JAVA_OPTS", "-Xmx256m"),
            REPO,
            dir.resolve("simulator.log"))) {
      String url =
          simulator.await("Simulator listening on (http://[0-9.:]+)", Duration.ofMinutes(2));
      Path config =
          Files.write(
              dir.resolve("sdg.yaml"),
              List.of(
                  "endpoints:",
                  "  generator: {base-url: \"" + url + "\", model: simulated-instruct, kind: chat}",
                  "  reward: {base-url: \""
                      + url
                      + "\", model: simulated-reward,"
                      + " kind: nemotron-reward}",
                  "prompts:",
                  "  import: " + REPO.resolve("data-samples/prompts.jsonl"),
                  "responses:",
                  "  per-prompt: 2",
                  "run:",
                  "  partitions: 2"));

      Map<String, String> env = new HashMap<>();
      env.put("AIRFLOW_HOME", home.toString());
      env.put("AIRFLOW__CORE__DAGS_FOLDER", REPO.resolve("submit/airflow").toString());
      env.put("AIRFLOW__CORE__LOAD_EXAMPLES", "False");
      env.put("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "sqlite:///" + home.resolve("airflow.db"));
      env.put("AIRFLOW_CONN_SPARK_SDG", "{\"conn_type\": \"spark\", \"host\": \"local[2]\"}");
      env.put("SDG_JAR", REPO.resolve("target/spark-sdg.jar").toString());
      env.put("SDG_CONFIG", config.toString());
      env.put("SDG_OUTPUT_ROOT", outputRoot.toString());
      env.put("SDG_LOG4J", REPO.resolve("conf/log4j2.properties").toString());
      env.put("SPARK_LOCAL_IP", "127.0.0.1");
      // the operator runs "spark-submit" from the PATH
      env.put(
          "PATH",
          sparkHome.resolve("bin") + ":" + venv.resolve("bin") + ":" + System.getenv("PATH"));

      String airflow = venv.resolve("bin/airflow").toString();
      run(List.of(airflow, "db", "migrate"), env, dir, "db-migrate");
      String first = run(List.of(airflow, "dags", "test", "spark_sdg", DATE), env, dir, "run-1");
      Path root = outputRoot.resolve(DATE);
      assertThat(first).contains("Spark-Submit cmd: spark-submit --master local[2]");
      assertThat(first).contains(" wrote " + root + ":");

      SparkSession spark =
          SparkSession.builder()
              .master("local[1]")
              .appName("airflow-it-reader")
              .config("spark.ui.enabled", "false")
              .getOrCreate();
      try {
        for (String table : List.of(Tables.PROMPTS, Tables.RESPONSES, Tables.SCORES)) {
          assertThat(root.resolve(table)).isDirectory();
        }
        List<Row> scores = RunInvariants.content(spark, root, Tables.SCORES);
        assertThat(scores).hasSize(48);
        RunInvariants.check(spark, root, 2);

        String second = run(List.of(airflow, "dags", "test", "spark_sdg", DATE), env, dir, "run-2");
        assertThat(second).contains("resumes under").contains("already committed");
        assertThat(RunInvariants.content(spark, root, Tables.SCORES)).isEqualTo(scores);
        // the resumed run requested nothing: its _metrics.json counts no request
        JsonNode metrics = new JsonMapper().readTree(root.resolve("_metrics.json").toFile());
        for (String endpoint : List.of("generator", "reward")) {
          assertThat(metrics.path("endpoints").path(endpoint).path("requests").asLong(-1))
              .as("requests to %s in the resumed run", endpoint)
              .isZero();
        }
        RunInvariants.check(spark, root, 2);
      } finally {
        spark.stop();
      }
    }
  }

  /** Runs an Airflow command to its end; it must succeed. Returns its output. */
  private static String run(List<String> command, Map<String, String> env, Path dir, String name)
      throws Exception {
    LoggedProcess p =
        LoggedProcess.start(name, command, env, REPO, dir.resolve("airflow-" + name + ".log"));
    int code = p.waitFor(STEP);
    assertThat(code).as("%s exit code; %s", name, p.tail()).isZero();
    String out = p.read();
    if (command.contains("test")) {
      assertThat(out)
          .as("%s; %s", name, p.tail())
          .containsPattern("DagRun Finished: .*state=success");
    }
    return out;
  }
}
