package io.sparksdg.model.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  /**
   * The shape of a vLLM 0.x {@code /metrics} page, cut down; two engines under data parallelism.
   */
  static final String VLLM =
      """
      # HELP python_gc_objects_collected_total Objects collected during gc
      # TYPE python_gc_objects_collected_total counter
      python_gc_objects_collected_total{generation="0"} 12345.0
      # HELP vllm:num_requests_running Number of requests in model execution batches.
      # TYPE vllm:num_requests_running gauge
      vllm:num_requests_running{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 61.0
      vllm:num_requests_running{engine="1",model_name="meta-llama/Llama-3.1-8B-Instruct"} 64.0
      # HELP vllm:num_requests_waiting Number of requests waiting to be processed.
      # TYPE vllm:num_requests_waiting gauge
      vllm:num_requests_waiting{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 0.0
      vllm:num_requests_waiting{engine="1",model_name="meta-llama/Llama-3.1-8B-Instruct"} 7.0
      # HELP vllm:e2e_request_latency_seconds Histogram of e2e request latency in seconds.
      # TYPE vllm:e2e_request_latency_seconds histogram
      vllm:e2e_request_latency_seconds_bucket{le="+Inf",model_name="m"} 42.0
      vllm:e2e_request_latency_seconds_sum{model_name="m"} 3.1e+01
      """;

  /** SGLang's gauges, with the labels it adds and a timestamp on one sample. */
  static final String SGLANG =
      """
      # HELP sglang:num_running_reqs The number of running requests.
      # TYPE sglang:num_running_reqs gauge
      sglang:num_running_reqs{engine_type="unified",model_name="Qwen/Qwen2.5-7B",pp_rank="0",tp_rank="0"} 32.0
      # HELP sglang:num_queue_reqs The number of requests in the waiting queue.
      # TYPE sglang:num_queue_reqs gauge
      sglang:num_queue_reqs{engine_type="unified",model_name="Qwen/Qwen2.5-7B",pp_rank="0",tp_rank="0"} 1.2e+01 1712345678000
      """;

  @Test
  void sumsAVllmGaugeOverItsLabelSets() {
    assertThat(
            PrometheusText.gauges(
                VLLM, Set.of("vllm:num_requests_waiting", "vllm:num_requests_running")))
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of("vllm:num_requests_waiting", 7.0, "vllm:num_requests_running", 125.0));
  }

  @Test
  void readsSglangsGaugesWithTimestampsAndScientificNotation() {
    assertThat(
            PrometheusText.gauges(
                SGLANG, Set.of("sglang:num_queue_reqs", "sglang:num_running_reqs")))
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of("sglang:num_queue_reqs", 12.0, "sglang:num_running_reqs", 32.0));
  }

  @Test
  void skipsMalformedLinesNansAndLookalikeNamesButKeepsTheRest() {
    String text =
        """
        vllm:num_requests_waiting{model_name="a"} 3
        vllm:num_requests_waiting{model_name="b \\" } {tricky}"} 2
        vllm:num_requests_waiting{model_name="c"} NaN
        vllm:num_requests_waiting{model_name="d" 9
        vllm:num_requests_waiting{model_name="e"} not-a-number
        vllm:num_requests_waiting_total{model_name="a"} 100
        vllm:num_requests_waiting 1\r
          # a comment vllm:num_requests_waiting 50

        garbage line without value
        """;

    assertThat(PrometheusText.gauges(text, Set.of("vllm:num_requests_waiting")))
        .containsExactlyEntriesOf(java.util.Map.of("vllm:num_requests_waiting", 6.0));
  }

  @Test
  void aPageWithoutTheWantedNamesGivesNothing() {
    assertThat(PrometheusText.gauges(VLLM, Set.of("sglang:num_queue_reqs"))).isEmpty();
    assertThat(PrometheusText.gauges("", Set.of("x"))).isEmpty();
  }
}
