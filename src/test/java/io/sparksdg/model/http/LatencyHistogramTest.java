package io.sparksdg.model.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void reportsPercentilesWithinFourPercent() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (int ms = 1; ms <= 1_000; ms++) {
      histogram.recordMicros(ms * 1_000L);
    }

    assertThat(histogram.percentileMillis(0.50)).isBetween(500.0, 520.0);
    assertThat(histogram.percentileMillis(0.95)).isBetween(950.0, 988.0);
    assertThat(histogram.percentileMillis(0.99)).isBetween(990.0, 1_030.0);
    assertThat(histogram.percentileMillis(1.0)).isBetween(1_000.0, 1_040.0);
    assertThat(histogram.percentileMillis(0.0)).isBetween(1.0, 1.04);
  }

  @Test
  void isEmptyUntilSomethingIsRecorded() {
    assertThat(new LatencyHistogram().percentileMillis(0.5)).isNaN();
    assertThatThrownBy(() -> new LatencyHistogram().percentileMillis(1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void clampsTinyAndHugeValues() {
    LatencyHistogram histogram = new LatencyHistogram();
    histogram.recordMicros(0);
    histogram.recordMicros(Long.MAX_VALUE);

    assertThat(histogram.percentileMillis(0.5)).isEqualTo(0.001);
    assertThat(histogram.percentileMillis(1.0)).isGreaterThan(3_600_000.0);
  }
}
