package io.sparksdg.spark.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsStepTest {

  private static Map<String, Object> endpoint(Double p50, Double p99) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("requests", 4L);
    json.put("successes", p50 == null ? 0L : 4L);
    json.put("retries", 3L);
    json.put("failures", p50 == null ? 1L : 0L);
    json.put("prompt-tokens", 0L);
    json.put("completion-tokens", 0L);
    Map<String, Object> latency = new LinkedHashMap<>();
    latency.put("p50", p50);
    latency.put("p90", p50);
    latency.put("p99", p99);
    json.put("latency-ms", latency);
    return json;
  }

  @Test
  void anEndpointWithoutSuccessfulCallsSaysSoInsteadOfNaN() {
    assertThat(MetricsStep.line(endpoint(null, null)))
        .isEqualTo("requests=4 successes=0 retries=3 failures=1 tokens=0+0 (no successful calls)")
        .doesNotContain("NaN");
    assertThat(MetricsStep.line(endpoint(46.2, 452.0)))
        .isEqualTo("requests=4 successes=4 retries=3 failures=0 tokens=0+0 p50=46ms p99=452ms");
  }
}
