package io.sparksdg.spark.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sparksdg.cli.ExitCode;
import io.sparksdg.cli.Main;
import io.sparksdg.sim.SimulatorOptions;
import io.sparksdg.spark.run.ModelStep;
import io.sparksdg.spark.tables.Tables;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run with a tiny {@code run.max-budget} stops after its first batch with that batch committed
 * and exit code 5; a re-run with a larger budget resumes and requests nothing twice. Both write
 * progress lines and priced token usage.
 */
class SdgJobBudgetTest extends SparkTestBase {

  /** This JVM's log (log4j2-test.properties). */
  private static final Path LOG =
      Path.of(System.getProperty("sdg.test-log", "target/test-logs/sdg.log"));

  private static final Pattern PROGRESS =
      Pattern.compile("Progress: (\\S+) (\\d+)/(\\d+) \\(([\\d.]+)%\\) ([\\d.]+)/s ETA (\\S+)");

  @TempDir Path dir;

  @Test
  void aSpentBudgetStopsCleanlyAndALargerOneResumesWithoutRepeatingARequest() throws Exception {
    Path out = dir.resolve("out");
    long logStart = Files.exists(LOG) ? Files.size(LOG) : 0;
    try (SimulatedRun sim =
        SimulatedRun.start(
            spark(),
            dir,
            SimulatorOptions.defaults().withLatency(Duration.ofMillis(100)).withSeed(3))) {
      Path prompts = sim.importPrompts("b", 60, i -> "Budgeted question " + i + "?");
      List<String> args =
          sim.commandLine(
              "run",
              "conf/local.yaml",
              out,
              "output.report=false",
              "endpoints.generator.max-concurrency=4",
              "endpoints.generator.price.input-per-mtok=3",
              "endpoints.generator.price.output-per-mtok=15",
              "endpoints.reward.price.input-per-mtok=1",
              "prompts.import=" + prompts,
              "run.partitions=2",
              "exports.enabled=false",
              "run.progress-interval=200ms");

      // A budget the first response spends: the tasks start no new call and commit the calls in
      // flight.
      String stderr =
          runCapturingStderr(args, "run.max-budget=0.000001", ExitCode.MAX_BUDGET_SPENT);
      assertThat(stderr).contains("sdg: run stopped: run.max-budget of $0.0000 spent");
      assertThat(stderr).contains("re-run with a larger budget");
      long firstRequests = sim.requests();
      long responses = stagedWorkItems(out.resolve("_staging").resolve(Tables.RESPONSES));
      long scores = stagedLogItems(out.resolve("_staging").resolve(Tables.SCORES));
      // The overshoot is bounded by the calls in flight: no call starts once the JVM has seen the
      // budget spent, so at most the 4 in flight plus one per task already past its check (2
      // partitions) when the first answer's cost became known.
      assertThat(responses).isPositive().isLessThanOrEqualTo(4 + 2);
      // no faults: one request per item, and every call that was paid for is committed
      assertThat(firstRequests).isEqualTo(responses + scores);
      assertThat(out.resolve(Tables.RESPONSES)).doesNotExist();
      JsonNode stopped = metrics(out);
      assertThat(stopped.path("budget-spent").asBoolean()).isTrue();
      assertThat(stopped.path("max-budget-usd").asDouble()).isEqualTo(0.000001);
      assertThat(stopped.path("cost-usd").asDouble()).isGreaterThanOrEqualTo(0.000001);

      // A larger budget: the rest, and nothing twice (120 responses and 120 scores in all).
      runCapturingStderr(args, "run.max-budget=100", ExitCode.OK);
      assertThat(sim.requests()).isEqualTo(240);
      RunInvariants.check(spark(), out, 2);
    }

    JsonNode metrics = metrics(out);
    assertThat(metrics.path("budget-spent").asBoolean()).isFalse();
    JsonNode generator = metrics.path("endpoints").path("generator");
    JsonNode reward = metrics.path("endpoints").path("reward");
    double generatorCost =
        (generator.path("prompt-tokens").asLong() * 3.0
                + generator.path("completion-tokens").asLong() * 15.0)
            / 1e6;
    double rewardCost = reward.path("prompt-tokens").asLong() * 1.0 / 1e6;
    assertThat(generatorCost).isPositive();
    assertThat(generator.path("cost-usd").asDouble()).isCloseTo(generatorCost, within(2e-6));
    assertThat(reward.path("cost-usd").asDouble()).isCloseTo(rewardCost, within(2e-6));
    assertThat(metrics.path("cost-usd").asDouble())
        .isCloseTo(generatorCost + rewardCost, within(4e-6));
    // this run's responses and scores, each from one endpoint
    JsonNode responses = metrics.path("stages").path(Tables.RESPONSES);
    JsonNode scores = metrics.path("stages").path(Tables.SCORES);
    assertThat(responses.path("prompt-tokens").asLong())
        .isEqualTo(generator.path("prompt-tokens").asLong());
    assertThat(responses.path("completion-tokens").asLong())
        .isEqualTo(generator.path("completion-tokens").asLong());
    assertThat(responses.path("cost-usd").asDouble()).isCloseTo(generatorCost, within(2e-6));
    assertThat(responses.path("endpoints").path("generator").path("model").asText())
        .isEqualTo("simulated-instruct");
    assertThat(scores.path("prompt-tokens").asLong())
        .isEqualTo(reward.path("prompt-tokens").asLong());

    // Progress lines: sane counts of the right totals while the stages ran.
    String log;
    try (var in = Files.newInputStream(LOG)) {
      in.skipNBytes(logStart);
      log = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher m = PROGRESS.matcher(log);
    List<String> stages = new ArrayList<>();
    while (m.find()) {
      long done = Long.parseLong(m.group(2));
      long total = Long.parseLong(m.group(3));
      assertThat(total).isEqualTo(120);
      assertThat(done).isBetween(0L, total);
      assertThat(Double.parseDouble(m.group(4))).isCloseTo(100.0 * done / total, within(0.05));
      assertThat(Double.parseDouble(m.group(5))).isGreaterThanOrEqualTo(0);
      stages.add(m.group(1));
    }
    // the responses were scored as they arrived, inside the responses step
    assertThat(stages).contains(Tables.RESPONSES);
    assertThat(log)
        .containsPattern("Progress: responses .* spent \\$[\\d.]+ \\| generator limit 4");
  }

  private String runCapturingStderr(List<String> args, String budget, int expectedCode) {
    List<String> all = new ArrayList<>(args);
    all.add("--set");
    all.add(budget);
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.execute(all.toArray(String[]::new));
    } finally {
      System.setErr(original);
    }
    String text = err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(text).isEqualTo(expectedCode);
    return text;
  }

  /** Work ids in a step's committed log files (a follow-up's, not yet compacted). */
  private long stagedLogItems(Path staging) throws Exception {
    Path log = staging.resolve("log");
    if (!Files.exists(log)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(log)) {
      String[] files =
          s.filter(p -> p.toString().endsWith(".jsonl")).map(Path::toString).toArray(String[]::new);
      return files.length == 0
          ? 0
          : spark().read().json(files).select(ModelStep.WORK_ID).distinct().count();
    }
  }

  private long stagedWorkItems(Path staging) throws Exception {
    List<String> batches;
    try (Stream<Path> s = Files.list(staging)) {
      batches =
          s.filter(p -> p.getFileName().toString().startsWith("batch-"))
              .map(Path::toString)
              .toList();
    }
    assertThat(batches).hasSize(1);
    return spark()
        .read()
        .parquet(batches.toArray(String[]::new))
        .select(ModelStep.WORK_ID)
        .distinct()
        .count();
  }

  private static JsonNode metrics(Path out) throws Exception {
    return new JsonMapper().readTree(out.resolve("_metrics.json").toFile());
  }
}
