package io.sparksdg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import io.sparksdg.config.EndpointConfig;
import io.sparksdg.config.EndpointKind;
import io.sparksdg.model.ChatClient;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.Message;
import io.sparksdg.model.Sampling;
import io.sparksdg.model.http.EndpointCounters;
import io.sparksdg.model.http.HttpModelClients;
import io.sparksdg.stages.InFlight;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * A benchmark, not a test: many chat calls through {@link HttpModelClients} and {@link InFlight},
 * the way Spark tasks of one executor make them, against a simulator in another process. Prints one
 * JSON line: wall time, requests per second, the process's CPU time over the measured run and the
 * simulator's peak in-flight count.
 *
 * <p>Arguments: {@code --base-url URL --requests N --concurrency C [--tasks T] [--warmup W]
 * [--latency-ms L] [--adaptive true|false] [--slots N] [--label S]}. With {@code --slots} (the
 * simulator's) it also reports how busy the server's slots were: its service time over slots times
 * the run's wall time. The endpoint's budget is C; each of the T tasks looks ahead by C, as {@code
 * ModelCalls} does, and gets N/T calls. With {@code --latency-ms} it also reports the efficiency:
 * requests per second over the ceiling C/L.
 */
public final class ClientBench {

  private ClientBench() {}

  public static void main(String[] args) throws Exception {
    String baseUrl = null;
    int requests = 10_000;
    int concurrency = 64;
    int tasks = 2;
    int warmup = 0;
    double latencyMs = 0;
    boolean adaptive = true;
    int slots = 0;
    String label = "java";
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--base-url" -> baseUrl = value;
        case "--requests" -> requests = Integer.parseInt(value);
        case "--concurrency" -> concurrency = Integer.parseInt(value);
        case "--tasks" -> tasks = Integer.parseInt(value);
        case "--warmup" -> warmup = Integer.parseInt(value);
        case "--latency-ms" -> latencyMs = Double.parseDouble(value);
        case "--label" -> label = value;
        case "--adaptive" -> adaptive = Boolean.parseBoolean(value);
        case "--slots" -> slots = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("Unknown flag " + args[i]);
      }
    }
    if (baseUrl == null) {
      throw new IllegalArgumentException("--base-url is required");
    }
    EndpointConfig config =
        EndpointConfig.builder()
            .baseUrl(baseUrl)
            .model("bench-model")
            .kind(EndpointKind.CHAT)
            .maxConcurrency(concurrency)
            .timeout(Duration.ofSeconds(60))
            .maxAttempts(6)
            .maxTokens(16)
            .adaptive(adaptive)
            .build();
    ChatClient client = HttpModelClients.chat("bench", config);
    if (warmup > 0) {
      // JIT and connection warm-up; the simulator's peak still counts it (same concurrency)
      run(client, warmup, concurrency, tasks, 0);
    }
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    int ok = run(client, requests, concurrency, tasks, 1_000_000);
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
    EndpointCounters counters = HttpModelClients.counters().get("bench");
    double rps = requests / seconds;
    StringBuilder json = new StringBuilder();
    json.append(
        String.format(
            Locale.ROOT,
            "{\"client\":\"%s\",\"requests\":%d,\"ok\":%d,\"concurrency\":%d,\"tasks\":%d,"
                + "\"seconds\":%.3f,\"rps\":%.1f,\"cpu_seconds\":%.3f,\"rps_per_cpu_second\":%.1f,"
                + "\"client_peak_in_flight\":%d,\"current_limit\":%d,\"retries\":%d,"
                + "\"server_peak_in_flight\":%s",
            label,
            requests,
            ok,
            concurrency,
            tasks,
            seconds,
            rps,
            cpuSeconds,
            requests / cpuSeconds,
            counters.peakInFlight(),
            counters.currentLimit(),
            counters.retries(),
            serverStats(baseUrl).path("peakInFlight")));
    if (slots > 0) {
      // the server's own work over what its slots could do in the run's wall time
      JsonNode stats = serverStats(baseUrl);
      json.append(
          String.format(
              Locale.ROOT,
              ",\"adaptive\":%s,\"server_slots\":%d,\"server_peak_queued\":%d,"
                  + "\"server_busy\":%.4f",
              adaptive,
              slots,
              stats.path("peakQueued").asInt(),
              stats.path("serviceMillis").asLong() / 1000.0 / (slots * seconds)));
    }
    if (latencyMs > 0) {
      json.append(
          String.format(
              Locale.ROOT,
              ",\"latency_ms\":%.0f,\"ceiling_rps\":%.1f,\"efficiency\":%.4f",
              latencyMs,
              concurrency / (latencyMs / 1000),
              rps / (concurrency / (latencyMs / 1000))));
    }
    System.out.println(json.append('}'));
  }

  /** T tasks share the endpoint; returns the calls that succeeded. */
  private static int run(ChatClient client, int requests, int concurrency, int tasks, int tagBase)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      int from = requests * t / tasks;
      int to = requests * (t + 1) / tasks;
      results.add(
          pool.submit(
              () -> {
                Iterator<Integer> tags = IntStream.range(from, to).iterator();
                Iterator<Boolean> done =
                    InFlight.map(tags, tag -> call(client, tagBase + tag), concurrency);
                int ok = 0;
                while (done.hasNext()) {
                  ok += done.next() ? 1 : 0;
                }
                return ok;
              }));
    }
    int ok = 0;
    for (Future<Integer> r : results) {
      ok += r.get();
    }
    pool.shutdown();
    return ok;
  }

  private static CompletableFuture<Boolean> call(ChatClient client, int tag) {
    ChatRequest request =
        ChatRequest.of(
            List.of(
                Message.system("You are a helpful assistant."),
                Message.user("Write one sentence about topic number " + tag + ".")),
            new Sampling(0.7, null, 16, null));
    return client.complete(request).handle((completion, error) -> error == null);
  }

  /** The simulator's {@code /sim/stats}, or an empty object when it cannot be read. */
  private static JsonNode serverStats(String baseUrl) {
    try {
      HttpResponse<String> stats =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(baseUrl + "/sim/stats")).build(),
                  HttpResponse.BodyHandlers.ofString());
      return new ObjectMapper().readTree(stats.body());
    } catch (Exception e) {
      return new ObjectMapper().createObjectNode();
    }
  }
}
