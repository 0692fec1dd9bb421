package io.sparksdg.model.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.config.EndpointConfig;
import io.sparksdg.config.EndpointConfigBuilder;
import io.sparksdg.config.EndpointKind;
import io.sparksdg.model.ChatClient;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.Message;
import io.sparksdg.model.Sampling;
import io.sparksdg.sim.Simulator;
import io.sparksdg.sim.SimulatorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas and keys against real simulators: one replica stopped and started again mid-run, one key
 * revoked mid-run; every call is accounted for.
 */
class FleetHttpTest {

  private static final SimulatorOptions SIM =
      SimulatorOptions.defaults().withLatency(Duration.ofMillis(20));

  @TempDir Path dir;

  @BeforeEach
  @AfterEach
  void reset() {
    HttpModelClients.resetForTests();
  }

  private static EndpointConfigBuilder endpoint(List<String> urls) {
    return EndpointConfig.builder()
        .baseUrls(urls)
        .model("test-model")
        .kind(EndpointKind.CHAT)
        .maxConcurrency(4)
        .adaptive(false)
        .timeout(Duration.ofSeconds(10))
        .maxAttempts(8)
        .initialBackoff(Duration.ofMillis(10))
        .maxBackoff(Duration.ofMillis(200));
  }

  /** Calls from 6 threads until {@code stop} holds; counts successes and failures. */
  private static final class Load implements AutoCloseable {
    final AtomicInteger ok = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger started = new AtomicInteger();
    final AtomicReference<Throwable> firstError = new AtomicReference<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(6);
    private final List<Future<?>> running = new ArrayList<>();
    private volatile boolean stop;

    Load(ChatClient client) {
      for (int t = 0; t < 6; t++) {
        running.add(
            threads.submit(
                () -> {
                  while (!stop) {
                    int tag = started.incrementAndGet();
                    ChatRequest request =
                        ChatRequest.of(List.of(Message.user("Question " + tag)), Sampling.DEFAULT);
                    try {
                      client.complete(request).get(60, TimeUnit.SECONDS);
                      ok.incrementAndGet();
                    } catch (Exception e) {
                      failed.incrementAndGet();
                      firstError.compareAndSet(null, e);
                    }
                  }
                }));
      }
    }

    void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (!condition.getAsBoolean()) {
        assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
        Thread.sleep(20);
      }
    }

    @Override
    public void close() throws Exception {
      stop = true;
      for (Future<?> f : running) {
        f.get(90, TimeUnit.SECONDS);
      }
      threads.shutdown();
    }
  }

  @Test
  void aStoppedReplicaIsEjectedAndTakesCallsAgainOnceRestarted() throws Exception {
    Simulator one = Simulator.start(SIM);
    Simulator two = Simulator.start(SIM);
    Simulator three = Simulator.start(SIM);
    Simulator twoAgain = null;
    try {
      ChatClient client =
          HttpModelClients.chat(
              "gen", endpoint(List.of(one.baseUrl(), two.baseUrl(), three.baseUrl())).build());
      Load load = new Load(client);
      try (load) {
        load.awaitUntil(() -> load.ok.get() >= 150, "150 calls");
        assertThat(two.stats().ok()).isPositive();
        two.close();
        load.awaitUntil(() -> load.ok.get() >= 300, "300 calls");
        twoAgain = Simulator.start(SIM.withPort(two.port()));
        Simulator restarted = twoAgain;
        load.awaitUntil(() -> restarted.stats().ok() >= 20, "calls to the restarted replica");
      }
      assertThat(load.firstError.get()).isNull();
      assertThat(load.failed.get()).isZero();
      // every call started was answered once it ended: a success, or one of the counted failures
      assertThat(load.ok.get() + load.failed.get()).isEqualTo(load.started.get());
      long served = one.stats().ok() + two.stats().ok() + twoAgain.stats().ok();
      served += three.stats().ok();
      assertThat(served).isGreaterThanOrEqualTo(load.ok.get());

      List<ReplicaCounters> replicas = HttpModelClients.replicaCounters("gen");
      assertThat(replicas)
          .extracting(ReplicaCounters::url)
          .containsExactly(one.baseUrl(), two.baseUrl(), three.baseUrl());
      assertThat(replicas.get(1).ejections()).isPositive();
      assertThat(replicas.get(0).ejections()).isZero();
      assertThat(replicas.get(2).ejections()).isZero();
      assertThat(replicas.get(1).errors()).isPositive();
      assertThat(replicas).allMatch(r -> r.inFlight() == 0 && r.currentLimit() == 4);
      EndpointCounters counters = HttpModelClients.counters().get("gen");
      assertThat(counters.successes()).isEqualTo(load.ok.get());
      assertThat(replicas.stream().mapToLong(ReplicaCounters::calls).sum())
          .isEqualTo(counters.attempts());
    } finally {
      one.close();
      two.close();
      three.close();
      if (twoAgain != null) {
        twoAgain.close();
      }
    }
  }

  @Test
  void aRevokedKeyIsRetiredAndTheCallsGoOnWithTheOther() throws Exception {
    String keyA = "fleet-key-a-1234567";
    String keyB = "fleet-key-b-7654321";
    Path fileA = Files.writeString(dir.resolve("a.key"), keyA);
    Path fileB = Files.writeString(dir.resolve("b.key"), keyB);
    SimulatorOptions options =
        SIM.toBuilder().requiredApiKey(keyA).additionalApiKeys(List.of(keyB)).build();
    try (Simulator one = Simulator.start(options);
        Simulator two = Simulator.start(options)) {
      ChatClient client =
          HttpModelClients.chat(
              "gen",
              endpoint(List.of(one.baseUrl(), two.baseUrl()))
                  .apiKeyFiles(List.of(fileA.toString(), fileB.toString()))
                  .build());
      Load load = new Load(client);
      try (load) {
        load.awaitUntil(() -> load.ok.get() >= 100, "100 calls");
        assertThat(one.stats().requestsByKey()).containsKeys("1", "2");
        revoke(one, keyB);
        revoke(two, keyB);
        load.awaitUntil(() -> load.ok.get() >= 250, "250 calls");
      }
      assertThat(load.failed.get()).isZero();
      assertThat(load.ok.get() + load.failed.get()).isEqualTo(load.started.get());
      assertThat(one.stats().revokedKeys()).containsExactly(2);
      long refused = one.stats().rejected() + two.stats().rejected();
      // only calls already on their way with key 2 when it was revoked were refused
      assertThat(refused).isPositive().isLessThanOrEqualTo(2 * 4);
      EndpointCounters counters = HttpModelClients.counters().get("gen");
      assertThat(counters.retriesByClass()).containsEntry("auth", refused);
      assertThat(counters.failures()).isZero();
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
      assertThat(response.body().string()).isEqualTo("{\"revoked\":2}");
    }
  }
}
