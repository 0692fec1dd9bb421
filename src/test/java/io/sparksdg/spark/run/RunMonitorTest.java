package io.sparksdg.spark.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the progress line of a stage shows, without Spark. */
class RunMonitorTest {

  @Test
  void aStageShowsOnlyTheEndpointsItCalled() {
    // the generator answered 67 calls in earlier stages; scoring calls only the reward model
    Map<String, Long> atStart = Map.of("generator", 67L, "reward", 0L);
    Map<String, Long> now = Map.of("generator", 67L, "reward", 12L);
    assertThat(RunMonitor.activeSince(atStart, now)).containsExactly("reward");
    assertThat(RunMonitor.activeSince(atStart, atStart)).isEmpty();
  }

  @Test
  void stageNamesLoseTheRequestHashOfTheirTable() {
    assertThat(RunMonitor.stageName("prompts-open_qa-1283b699")).isEqualTo("prompts-open_qa");
    assertThat(RunMonitor.stageName("responses")).isEqualTo("responses");
  }
}
