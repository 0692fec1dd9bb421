package io.sparksdg.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BinsTest {

  @Test
  void spansTheRangeWithANiceWidthAndALowerEdgeOnAMultipleOfIt() {
    Bins bins = Bins.spanning(0.37, 4.12, 20);
    // (4.12 - 0.37) / 20 = 0.1875 -> 0.2
    assertThat(bins.width()).isCloseTo(0.2, within(1e-12));
    assertThat(bins.lo()).isCloseTo(0.2, within(1e-12));
    assertThat(bins.count()).isEqualTo(20);
    assertThat(bins.hi()).isGreaterThanOrEqualTo(4.12);
  }

  @Test
  void picksOneTwoTwoAndAHalfOrFiveTimesAPowerOfTen() {
    assertThat(Bins.nice(0.0123)).isCloseTo(0.02, within(1e-15));
    assertThat(Bins.nice(0.21)).isCloseTo(0.25, within(1e-15));
    assertThat(Bins.nice(3.0)).isCloseTo(5.0, within(1e-15));
    assertThat(Bins.nice(7.0)).isCloseTo(10.0, within(1e-15));
    assertThat(Bins.nice(100.0)).isCloseTo(100.0, within(1e-12));
  }

  @Test
  void putsEachValueInTheBinWhoseEdgesHoldItAndTheMaximumInTheLast() {
    Bins bins = Bins.spanning(-1.3, 2.6, 10); // width 0.5, lo -1.5, 9 bins
    assertThat(bins.width()).isEqualTo(0.5);
    assertThat(bins.lo()).isEqualTo(-1.5);
    assertThat(bins.count()).isEqualTo(9);
    assertThat(bins.index(-1.3)).isEqualTo(0);
    assertThat(bins.index(-1.0)).isEqualTo(1); // a lower edge belongs to its bin
    assertThat(bins.index(0.99)).isEqualTo(4);
    assertThat(bins.index(2.6)).isEqualTo(8);
    assertThat(bins.index(3.0)).isEqualTo(8); // clamped
    assertThat(bins.index(-9)).isEqualTo(0);
    Random random = new Random(7);
    for (int k = 0; k < 1000; k++) {
      double x = -1.3 + random.nextDouble() * 3.9;
      int i = bins.index(x);
      assertThat(x).isBetween(bins.edge(i), bins.edge(i + 1));
    }
  }

  @Test
  void valuesOnAnEdgeBelongToTheBinAboveDespiteRounding() {
    Bins bins = new Bins(0, 0.1, 10);
    assertThat((int) Math.floor(0.3 / 0.1)).isEqualTo(2); // the rounding this guards against
    for (int i = 0; i < 10; i++) {
      double edge = bins.edge(i);
      assertThat(bins.index(edge)).as("edge %s", edge).isEqualTo(i);
      assertThat(bins.index(Math.nextDown(edge))).isEqualTo(Math.max(0, i - 1));
    }
    assertThat(bins.index(0.3)).isEqualTo(3);
    assertThat(bins.index(0.7)).isEqualTo(7);
  }

  @Test
  void oneDistinctValueGetsOneBinAroundIt() {
    Bins bins = Bins.spanning(3.0, 3.0, 20);
    assertThat(bins.count()).isEqualTo(1);
    assertThat(bins.lo()).isLessThanOrEqualTo(3.0);
    assertThat(bins.hi()).isGreaterThan(3.0);
    assertThat(bins.index(3.0)).isEqualTo(0);
  }

  @Test
  void refusesAnEmptyOrInvertedRange() {
    assertThatThrownBy(() -> Bins.spanning(2, 1, 10)).hasMessageContaining("[2.0, 1.0]");
    assertThatThrownBy(() -> Bins.spanning(Double.NaN, 1, 10)).hasMessageContaining("NaN");
  }
}
