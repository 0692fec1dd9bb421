package io.sparksdg.spark.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparksdg.config.SdgConfig;
import io.sparksdg.sim.SimulatorOptions;
import io.sparksdg.spark.exec.EndpointBreaker;
import io.sparksdg.spark.run.RunSummary;
import io.sparksdg.spark.tables.Tables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API keys: sent where the server demands them, written nowhere; a refusing endpoint stops the run.
 */
class SdgJobSecretsTest extends SparkTestBase {

  private static final String KEY_ENV = "SDG_CANARY_KEY";
  private static final Path EVENT_LOG = Path.of("target/test-eventlog");

  @TempDir Path dir;

  @Override
  public SparkConf conf() {
    try {
      Files.createDirectories(EVENT_LOG);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return super.conf()
        .set("spark.eventLog.enabled", "true")
        .set("spark.eventLog.dir", EVENT_LOG.toAbsolutePath().toUri().toString());
  }

  @BeforeEach
  void resetBreakers() {
    EndpointBreaker.resetForTests();
  }

  private static String canary() {
    String key = System.getenv(KEY_ENV);
    assertThat(key).as("surefire sets $" + KEY_ENV).isNotBlank();
    return key;
  }

  /** 40 imported prompts, the generator sending the key, 2 partitions. */
  private static SdgConfig config(SimulatedRun sim, String... overrides) {
    Path prompts = sim.importPrompts("k", 40, i -> "Keyed question " + i + "?");
    List<String> all =
        new ArrayList<>(
            List.of(
                "endpoints.generator.api-key-env=" + KEY_ENV,
                "prompts.import=" + prompts,
                "run.partitions=2"));
    all.addAll(List.of(overrides));
    return sim.config("conf/local.yaml", all.toArray(String[]::new));
  }

  @Test
  void theKeyIsSentAndFoundNowhereElse() throws Exception {
    String key = canary();
    try (SimulatedRun sim =
        SimulatedRun.start(spark(), dir, SimulatorOptions.defaults().withRequiredApiKey(key))) {
      SdgConfig config = config(sim, "endpoints.reward.api-key-env=" + KEY_ENV);
      RunSummary summary = sim.run(config);
      // The server demanded the key and every call got through.
      assertThat(summary.failures()).isZero();
      assertThat(summary.rows().get(Tables.SCORES)).isEqualTo(80);
      assertThat(sim.simulator().stats().rejected()).isZero();
    }
    spark().sparkContext().listenerBus().waitUntilEmpty();
    assertThat(filesContaining(dir, key)).as("output files").isEmpty();
    assertThat(filesContaining(EVENT_LOG, key)).as("Spark event log").isEmpty();
    assertThat(filesContaining(Path.of("target/test-logs"), key)).as("logs").isEmpty();
    assertThat(Files.list(EVENT_LOG).count()).as("an event log was written").isPositive();
  }

  @Test
  void anEndpointAnswering401ToEverythingStopsTheRunWithOneLine() throws Exception {
    String key = canary();
    try (SimulatedRun sim =
        SimulatedRun.start(spark(), dir, SimulatorOptions.defaults().withRequiredApiKey(key))) {
      // The generator has the key; the reward endpoint has none.
      SdgConfig config = config(sim, "run.circuit-breaker=8");
      assertThatThrownBy(() -> SdgRunner.run(config, null))
          .isInstanceOf(SdgRunner.EndpointFailingException.class)
          .hasMessageContaining("endpoint 'reward'")
          .hasMessageContaining("HTTP 401")
          .hasMessageNotContaining("\n")
          .hasMessageNotContaining(key);
      // It stopped early: fewer reward calls than the 80 responses to score. After the eighth 401
      // in a row, the calls already in flight (at most the budget, 32) end, and the other task
      // may start one more call for each of those before it sees the breaker (at most 32 more).
      long rewardCalls =
          sim.simulator().stats().rejected(); // every reward call, and nothing else, got a 401
      assertThat(rewardCalls).isBetween(8L, 8L + 32L + 32L);
    }
  }

  private static List<Path> filesContaining(Path root, String needle) throws IOException {
    byte[] bytes = needle.getBytes(StandardCharsets.UTF_8);
    List<Path> hits = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (indexOf(Files.readAllBytes(file), bytes) >= 0) {
          hits.add(file);
        }
      }
    }
    return hits;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
