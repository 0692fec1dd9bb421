package io.sparksdg.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.sparksdg.config.ScoresConfig;
import io.sparksdg.model.CallStats;
import io.sparksdg.model.RewardScores;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RewardWeightsTest {

  private final RewardWeights modelCard = new RewardWeights(ScoresConfig.MODEL_CARD_WEIGHTS);

  private static RewardScores scores(Map<String, Double> attributes) {
    return new RewardScores(attributes, "", "m", null, new CallStats(1, 1));
  }

  @Test
  void weighsTheReferenceReplyAsTheModelCardDoes() {
    // The recorded Nemotron-4-340B-Reward reply in shared/reference: about 6.07.
    RewardScores reference =
        scores(
            Map.of(
                "helpfulness", 4.09375,
                "correctness", 4.03125,
                "coherence", 4.25,
                "complexity", 0.5703125,
                "verbosity", 1.109375));
    assertThat(modelCard.reward(reference)).isCloseTo(6.07, offset(0.005));
  }

  @Test
  void takesAOneNumberRewardAsItIs() {
    assertThat(modelCard.reward(scores(Map.of("reward", -1.25)))).isEqualTo(-1.25);
  }

  @Test
  void namesAMissingAttribute() {
    assertThatThrownBy(() -> modelCard.reward(scores(Map.of("helpfulness", 1.0))))
        .hasMessageContaining("no 'correctness' score");
  }
}
