package io.sparksdg.spark.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparksdg.sim.Simulator;
import io.sparksdg.sim.SimulatorOptions;
import io.sparksdg.spark.exec.EndpointBreaker;
import io.sparksdg.spark.run.RunSummary;
import io.sparksdg.spark.tables.Tables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run against three replicas holding two keys: one replica stopped mid-run and started again, one
 * key revoked mid-run. The run succeeds, every id lands once, and no key is written anywhere.
 */
class SdgJobFleetTest extends SparkTestBase {

  private static final String KEY_A = "sdg-fleet-key-a-9d81c";
  private static final String KEY_B = "sdg-fleet-key-b-77e4f";

  @TempDir Path dir;

  @BeforeEach
  void resetBreakers() {
    EndpointBreaker.resetForTests();
  }

  @Test
  void aRunSurvivesAStoppedReplicaAndARevokedKey() throws Exception {
    SimulatorOptions options =
        SimulatorOptions.defaults().withLatency(Duration.ofMillis(15)).toBuilder()
            .requiredApiKey(KEY_A)
            .additionalApiKeys(List.of(KEY_B))
            .build();
    Path keyA = Files.writeString(dir.resolve("a.key"), KEY_A);
    Path keyB = Files.writeString(dir.resolve("b.key"), KEY_B);
    Simulator two = Simulator.start(options);
    Simulator three = Simulator.start(options);
    AtomicReference<Simulator> twoAgain = new AtomicReference<>();
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir, options)) {
      Simulator one = sim.simulator();
      Path prompts = sim.importPrompts("f", 200, i -> "Fleet question " + i + "?");
      String replicas = "[" + one.baseUrl() + ", " + two.baseUrl() + ", " + three.baseUrl() + "]";
      String keys = "[" + keyA + ", " + keyB + "]";
      var config =
          sim.config(
              "conf/local.yaml",
              "prompts.import=" + prompts,
              "run.partitions=4",
              "endpoints.generator.base-url=" + replicas,
              "endpoints.reward.base-url=" + replicas,
              "endpoints.generator.api-key-file=" + keys,
              "endpoints.reward.api-key-file=" + keys,
              "endpoints.generator.max-concurrency=8",
              // a stopped in-process simulator may leave its calls hanging: time them out soon
              "endpoints.generator.timeout=5s",
              "endpoints.reward.timeout=5s",
              "endpoints.reward.max-concurrency=8");

      // the chaos: replica 2 stops after 150 requests and is back after 400; key 2 is revoked
      // after 300
      Thread chaos =
          new Thread(
              () -> {
                try {
                  awaitRequests(List.of(one, two, three), 150);
                  two.close();
                  awaitRequests(List.of(one, three), 300);
                  for (Simulator s : List.of(one, three)) {
                    revoke(s, KEY_B);
                  }
                  awaitRequests(List.of(one, three), 400);
                  Simulator back = Simulator.start(options.withPort(two.port()));
                  revoke(back, KEY_B);
                  twoAgain.set(back);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      chaos.setDaemon(true);
      chaos.start();
      RunSummary summary = sim.run(config);
      chaos.join(60_000);

      assertThat(twoAgain.get()).as("the chaos ran to its end before the run did").isNotNull();
      assertThat(summary.failures()).isZero();
      assertThat(summary.rows().get(Tables.SCORES)).isEqualTo(400);
      RunInvariants.check(spark(), sim.out(), 2);
      assertThat(one.stats().revokedKeys()).containsExactly(2);
      assertThat(one.stats().requestsByKey().get("2")).isPositive();

      JsonNode metrics = new ObjectMapper().readTree(sim.out().resolve("_metrics.json").toFile());
      JsonNode generator = findEndpoint(metrics, "generator");
      assertThat(generator.path("replicas")).hasSize(3);
      assertThat(generator.path("replicas").get(1).path("ejections").asLong()).isPositive();
      assertThat(generator.path("replicas").get(0).path("requests").asLong()).isPositive();
    } finally {
      two.close();
      three.close();
      if (twoAgain.get() != null) {
        twoAgain.get().close();
      }
    }
    for (String key : List.of(KEY_A, KEY_B)) {
      assertThat(filesContaining(dir.resolve("out"), key)).as("output files").isEmpty();
      assertThat(filesContaining(Path.of("target/test-logs"), key)).as("logs").isEmpty();
    }
  }

  private static JsonNode findEndpoint(JsonNode node, String name) {
    JsonNode found = node.findValue("endpoints");
    assertThat(found).as("endpoints in _metrics.json").isNotNull();
    return found.path(name);
  }

  private static void awaitRequests(List<Simulator> sims, long count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (sims.stream().mapToLong(s -> s.stats().requests()).sum() < count
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private static void revoke(Simulator simulator, String key) throws IOException {
    Request request =
        new Request.Builder()
            .url(simulator.baseUrl() + "/sim/revoke")
            .header("Authorization", "Bearer " + key)
            .post(RequestBody.create(new byte[0]))
            .build();
    try (Response response = new OkHttpClient().newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }
  }

  private static List<Path> filesContaining(Path root, String needle) throws IOException {
    List<Path> hits = new ArrayList<>();
    if (!Files.exists(root)) {
      return hits;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        if (text.contains(needle)) {
          hits.add(file);
        }
      }
    }
    return hits;
  }
}
