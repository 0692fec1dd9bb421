package io.sparksdg.model.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Readings from metrics pages, without polling: {@link QueueSignal#accept} is fed by hand. */
class QueueSignalTest {

  private long now = TimeUnit.SECONDS.toNanos(1_000);

  private QueueSignal signal() {
    return new QueueSignal(
        "http://user:secret@127.0.0.1:1/metrics?x=1",
        Duration.ofMillis(250),
        new OkHttpClient(),
        () -> now);
  }

  @Test
  void readsVllmSglangAndNimPages() {
    QueueSignal signal = signal();

    signal.accept(PrometheusTextTest.VLLM);
    assertThat(signal.latest()).isEqualTo(new QueueSignal.Reading(0, 7, 125));

    signal.accept(PrometheusTextTest.SGLANG);
    assertThat(signal.latest()).isEqualTo(new QueueSignal.Reading(1, 12, 32));

    signal.accept("num_requests_running{model_name=\"m\"} 5\nnum_requests_waiting 2\n");
    assertThat(signal.latest()).isEqualTo(new QueueSignal.Reading(2, 2, 5));
  }

  @Test
  void hasNoReadingWhenThePageLacksTheGaugesOrTheLastIsStale() {
    QueueSignal signal = signal();
    assertThat(signal.latest()).isNull();

    signal.accept(PrometheusTextTest.VLLM);
    now += TimeUnit.MILLISECONDS.toNanos(900);
    assertThat(signal.latest()).isNotNull();
    now += TimeUnit.MILLISECONDS.toNanos(200);
    assertThat(signal.latest()).as("older than 4 intervals and 1 s").isNull();

    signal.accept(PrometheusTextTest.VLLM);
    assertThat(signal.latest()).isNotNull();
    signal.accept("# nothing here\nprocess_cpu_seconds_total 3.0\n");
    assertThat(signal.latest()).as("a page without the gauges").isNull();
  }

  @Test
  void pollsOverHttpKeepsPollingAfterAFailureAndShowsNoSecretOfTheUrl() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse.Builder().code(503).body("starting").build());
      server.enqueue(new MockResponse.Builder().code(200).body(PrometheusTextTest.VLLM).build());
      server.start();
      String url =
          server
              .url("/metrics")
              .newBuilder()
              .username("user")
              .password("secret")
              .build()
              .toString();
      QueueSignal signal =
          new QueueSignal(url, Duration.ofMillis(250), new OkHttpClient(), System::nanoTime);

      signal.poll();
      assertThat(server.takeRequest().getTarget()).isEqualTo("/metrics");
      awaitPollDone(signal);
      assertThat(signal.latest()).as("after a 503").isNull();

      signal.poll();
      assertThat(server.takeRequest().getHeaders().get("Authorization")).isNull();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (signal.latest() == null && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(signal.latest()).isEqualTo(new QueueSignal.Reading(0, 7, 125));
      assertThat(signal.toString()).doesNotContain("secret");
    }
  }

  private static void awaitPollDone(QueueSignal signal) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (signal.polling() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }
}
