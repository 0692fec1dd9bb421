package io.sparksdg.spark.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** A resumed run keeps the earlier runs' statistics in {@code _metrics.json}. */
class MetricsHistoryTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode metrics(String runId, long requests, Double p50, Double cost)
      throws Exception {
    String latency = p50 == null ? "null" : p50.toString();
    String costJson = cost == null ? "null" : cost.toString();
    return (ObjectNode)
        JSON.readTree(
            """
            {"fingerprint": "fp", "run-id": "%s", "finished": "2026-12-04T10:00:00Z",
             "endpoints": {"generator": {"requests": %d, "successes": %d, "retries": 1,
               "retries-by-class": {"server_error": 1}, "failures": 0, "failures-by-class": {},
               "prompt-tokens": %d, "completion-tokens": %d,
               "latency-ms": {"p50": %s, "p90": %s, "p99": %s}, "cost-usd": %s}},
             "stages": {}, "cost-usd": %s, "budget-spent": false}
            """
                .formatted(
                    runId,
                    requests,
                    requests,
                    requests * 10,
                    requests * 20,
                    latency,
                    latency,
                    latency,
                    costJson,
                    costJson));
  }

  @Test
  void aResumedRunAddsItsAttemptAndTheTotalKeepsTheFirstRunsFigures() throws Exception {
    ObjectNode first = MetricsHistory.merge(null, metrics("run-1", 67, 46.0, 0.02), JSON);
    ObjectNode second = MetricsHistory.merge(first, metrics("run-2", 0, null, 0.0), JSON);

    assertThat(second.get("attempts")).hasSize(2);
    assertThat(second.at("/attempts/0/run-id").asText()).isEqualTo("run-1");
    assertThat(second.at("/attempts/0/endpoints/generator/requests").asLong()).isEqualTo(67);
    assertThat(second.at("/attempts/1/endpoints/generator/requests").asLong()).isZero();
    JsonNode total = second.at("/total/endpoints/generator");
    assertThat(second.at("/total/runs").asInt()).isEqualTo(2);
    assertThat(total.get("requests").asLong()).isEqualTo(67);
    assertThat(total.get("prompt-tokens").asLong()).isEqualTo(670);
    assertThat(total.get("completion-tokens").asLong()).isEqualTo(1340);
    assertThat(total.get("retries").asLong()).isEqualTo(2);
    assertThat(total.at("/retries-by-class/server_error").asLong()).isEqualTo(2);
    assertThat(total.at("/latency-ms/p50").asDouble()).isEqualTo(46.0);
    assertThat(total.get("cost-usd").asDouble()).isEqualTo(0.02);
    assertThat(second.at("/total/cost-usd").asDouble()).isEqualTo(0.02);
    // the top-level counters stay this run's own
    assertThat(second.at("/endpoints/generator/requests").asLong()).isZero();
  }

  @Test
  void latencyOfSeveralRunsIsWeightedByTheirSuccessfulCalls() throws Exception {
    ObjectNode first = MetricsHistory.merge(null, metrics("run-1", 30, 40.0, null), JSON);
    ObjectNode second = MetricsHistory.merge(first, metrics("run-2", 10, 80.0, null), JSON);
    assertThat(second.at("/total/endpoints/generator/latency-ms/p50").asDouble()).isEqualTo(50.0);
    assertThat(second.at("/total/endpoints/generator/requests").asLong()).isEqualTo(40);
    assertThat(second.at("/total/cost-usd").isNull()).isTrue();
  }

  @Test
  void aFileOfAnotherConfigOrOfTheSameRunIsNotCountedTwice() throws Exception {
    ObjectNode other = metrics("run-0", 5, 10.0, null);
    other.put("fingerprint", "another");
    ObjectNode first = MetricsHistory.merge(other, metrics("run-1", 7, 10.0, null), JSON);
    assertThat(first.get("attempts")).hasSize(1);
    ObjectNode again = MetricsHistory.merge(first, metrics("run-1", 7, 10.0, null), JSON);
    assertThat(again.get("attempts")).hasSize(1);
    assertThat(again.at("/total/endpoints/generator/requests").asLong()).isEqualTo(7);
  }

  @Test
  void aFileWrittenBeforeRunsWereKeptCountsAsOneRun() throws Exception {
    ObjectNode old = metrics("ignored", 12, 10.0, null);
    old.remove("run-id");
    ObjectNode merged = MetricsHistory.merge(old, metrics("run-1", 3, 10.0, null), JSON);
    assertThat(merged.get("attempts")).hasSize(2);
    assertThat(merged.at("/total/endpoints/generator/requests").asLong()).isEqualTo(15);
  }
}
