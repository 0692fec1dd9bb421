package io.sparksdg.sim;

import java.util.Locale;

/**
 * The simulator's {@code GET /metrics}: its slots' state in the Prometheus text exposition format,
 * under the gauge names vLLM uses, so that queue-aware clients can be tested against it.
 */
final class MetricsText {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  // vLLM labels its gauges with the served model; the simulator serves every name it is sent
  private static final String LABELS = "{model_name=\"simulated\"}";

  private MetricsText() {}

  static String of(ServerSlots.Load load, int slots) {
    StringBuilder out = new StringBuilder(512);
    gauge(
        out,
        "vllm:num_requests_running",
        "Number of requests in model execution batches.",
        load.running());
    gauge(
        out,
        "vllm:num_requests_waiting",
        "Number of requests waiting to be processed.",
        load.waiting());
    if (slots > 0) {
      gauge(out, "sim:slots", "Requests the simulated server serves at once.", slots);
    }
    return out.toString();
  }

  private static void gauge(StringBuilder out, String name, String help, int value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    out.append(name).append(LABELS).append(' ');
    out.append(String.format(Locale.ROOT, "%.1f", (double) value)).append('\n');
  }
}
