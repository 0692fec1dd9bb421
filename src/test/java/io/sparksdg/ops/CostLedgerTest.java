package io.sparksdg.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparksdg.config.PriceConfig;
import io.sparksdg.model.Usage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostLedgerTest {

  private final CostLedger ledger =
      new CostLedger(
          Map.of("gen", "llama", "reward", "nemotron-reward"),
          Map.of("gen", new PriceConfig(0.5, 1.5), "reward", new PriceConfig(2.0, null)));

  @Test
  void pricesPromptAndCompletionTokensPerMillion() {
    // 2M prompt tokens at $0.5 + 1M completion tokens at $1.5
    assertThat(ledger.cost("gen", new Usage(2_000_000, 1_000_000))).isCloseTo(2.5, within(1e-12));
    assertThat(ledger.cost("reward", new Usage(500_000, 9_999))).isCloseTo(1.0, within(1e-12));
    assertThat(ledger.cost("unpriced", new Usage(1_000_000, 1_000_000))).isZero();
    assertThat(ledger.priced()).isTrue();
    assertThat(new CostLedger(Map.of(), Map.of("x", PriceConfig.FREE)).priced()).isFalse();
  }

  @Test
  void stagesSumTheirEndpointsInTheOrderTheyRan() {
    ledger.add("responses", "gen", new Usage(1000, 4000));
    ledger.add("scores", "reward", new Usage(6000, 40));
    ledger.add("responses", "gen", new Usage(1000, 0));
    ledger.add("dialogues", "gen", Usage.NONE);

    Map<String, Object> stages = ledger.stagesJson();
    assertThat(stages).containsOnlyKeys("responses", "scores");
    assertThat(stages.keySet()).containsExactly("responses", "scores");
    @SuppressWarnings("unchecked")
    Map<String, Object> responses = (Map<String, Object>) stages.get("responses");
    assertThat(responses)
        .containsEntry("prompt-tokens", 2000L)
        .containsEntry("completion-tokens", 4000L)
        // 2000 * 0.5 / 1e6 + 4000 * 1.5 / 1e6
        .containsEntry("cost-usd", 0.007);
    @SuppressWarnings("unchecked")
    Map<String, Object> gen =
        (Map<String, Object>) ((Map<String, Object>) responses.get("endpoints")).get("gen");
    assertThat(gen).containsEntry("model", "llama").containsEntry("cost-usd", 0.007);
    @SuppressWarnings("unchecked")
    Map<String, Object> scores = (Map<String, Object>) stages.get("scores");
    assertThat(scores).containsEntry("cost-usd", 0.012);
  }
}
