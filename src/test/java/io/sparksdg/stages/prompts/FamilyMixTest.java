package io.sparksdg.stages.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FamilyMixTest {

  @Test
  void keepsTheLargestMixTheCountsAllow() {
    // 2:1:1 with 100 open, 30 math, 80 writing: math limits the total to 120.
    assertThat(
            FamilyMix.quotas(
                Map.of("open_qa", 100L, "math", 30L, "writing", 80L),
                Map.of("open_qa", 2.0, "math", 1.0, "writing", 1.0)))
        .containsEntry("open_qa", 60L)
        .containsEntry("math", 30L)
        .containsEntry("writing", 30L);
  }

  @Test
  void familiesWithoutWeightAreDroppedAndEmptyOnesDoNotLimit() {
    assertThat(
            FamilyMix.quotas(
                Map.of("open_qa", 10L, "python", 0L, "two_turn", 5L),
                Map.of("open_qa", 1.0, "python", 1.0)))
        .containsEntry("open_qa", 10L)
        .containsEntry("python", 0L)
        .containsEntry("two_turn", 0L);
  }
}
