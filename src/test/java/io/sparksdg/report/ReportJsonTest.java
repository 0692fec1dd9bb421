package io.sparksdg.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

class ReportJsonTest {

  @Test
  void writesKebabCaseKeysWithTheFigures() throws Exception {
    JsonNode json = new JsonMapper().readTree(ReportJson.write(Reports.sample(0.25)));
    assertThat(json.path("simulated").asBoolean()).isTrue();
    assertThat(json.path("funnel").get(3).path("step").asText()).isEqualTo("kept for SFT");
    assertThat(json.path("funnel").get(3).path("rows").asLong()).isEqualTo(6);
    JsonNode reward = json.path("scores").get(5);
    assertThat(reward.path("name").asText()).isEqualTo("reward");
    assertThat(reward.path("p50").asDouble()).isEqualTo(2.0);
    assertThat(reward.path("bins").path("width").asDouble()).isEqualTo(0.5);
    assertThat(reward.path("counts")).hasSize(8);
    JsonNode generator = json.path("endpoints").get(0);
    assertThat(generator.path("latency-p99").asDouble()).isEqualTo(88.1);
    assertThat(generator.path("failures-by-class").path("rejected").asLong()).isEqualTo(1);
    assertThat(generator.path("cost-usd").asDouble()).isEqualTo(0.125);
    assertThat(json.path("cost-usd").asDouble()).isEqualTo(0.25);
    assertThat(json.path("task-mix").path("open_qa").asLong()).isEqualTo(3);
    assertThat(json.path("failure-reasons").get(0).path("error-class").asText())
        .isEqualTo("rejected");
  }

  @Test
  void readsBackWhatItWrote() {
    RunReport report = Reports.sample(null);
    assertThat(ReportJson.read(ReportJson.write(report))).isEqualTo(report);
  }

  @Test
  void aMissingCostIsNull() throws Exception {
    JsonNode json = new JsonMapper().readTree(ReportJson.write(Reports.sample(null)));
    assertThat(json.path("cost-usd").isNull()).isTrue();
    assertThat(json.path("stages")).isEmpty();
  }
}
