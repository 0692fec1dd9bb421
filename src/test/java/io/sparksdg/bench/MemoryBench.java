package io.sparksdg.bench;

import io.sparksdg.config.ConfigLoader;
import io.sparksdg.config.EndpointConfig;
import io.sparksdg.model.ChatClient;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.Message;
import io.sparksdg.model.Sampling;
import io.sparksdg.model.http.EndpointCounters;
import io.sparksdg.model.http.HttpModelClients;
import io.sparksdg.stages.InFlight;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Benchmark (not a test): a long stream of requests through one endpoint, as a task sees it ({@link
 * InFlight} over {@link HttpModelClients}), printing the heap in use after a full GC every {@code
 * N/10} requests, to show that memory stays flat however many requests pass.
 *
 * <p>Arguments: {@code BASE_URL REQUESTS CONCURRENCY}.
 */
public final class MemoryBench {

  private MemoryBench() {}

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    int requests = Integer.parseInt(args[1]);
    int concurrency = Integer.parseInt(args[2]);
    EndpointConfig config =
        new ConfigLoader()
            .parse(
                "endpoints:\n  bench: {base-url: '"
                    + baseUrl
                    + "', model: bench-model, max-concurrency: "
                    + concurrency
                    + ", timeout: 2s, initial-backoff: 5ms, max-backoff: 50ms, adaptive: false}\n"
                    + "  reward: {base-url: embedded, model: r, kind: nemotron-reward}\n"
                    + "responses: {generator: bench}\nprompts: {generator: bench}\n",
                "bench",
                List.of())
            .endpoint("bench", "bench");
    ChatClient client = HttpModelClients.chat("bench", config);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    int step = Math.max(1, requests / 10);
    Iterator<Integer> input = IntStream.range(0, requests).iterator();
    Iterator<Boolean> done =
        InFlight.map(
            input,
            i ->
                client
                    .complete(
                        ChatRequest.of(
                            List.of(Message.user("Memory benchmark request " + i)),
                            new Sampling(null, null, 16, (long) i)))
                    .handle((c, e) -> e == null),
            concurrency);
    long ok = 0;
    long failed = 0;
    long start = System.nanoTime();
    report(memory, 0, 0, 0, start);
    for (int n = 1; done.hasNext(); n++) {
      if (done.next()) {
        ok++;
      } else {
        failed++;
      }
      if (n % step == 0) {
        report(memory, n, ok, failed, start);
      }
    }
    EndpointCounters c = HttpModelClients.counters().get("bench");
    System.out.printf(
        Locale.ROOT,
        "{\"done\":%d,\"ok\":%d,\"failed\":%d,\"attempts\":%d,\"retries\":%d}%n",
        ok + failed,
        ok,
        failed,
        c.attempts(),
        c.retries());
  }

  private static void report(MemoryMXBean memory, long n, long ok, long failed, long start) {
    System.gc();
    long used = memory.getHeapMemoryUsage().getUsed();
    System.out.printf(
        Locale.ROOT,
        "{\"requests\":%d,\"ok\":%d,\"failed\":%d,\"seconds\":%.1f,\"heap_used_mb\":%.1f}%n",
        n,
        ok,
        failed,
        (System.nanoTime() - start) / 1e9,
        used / 1048576.0);
  }
}
