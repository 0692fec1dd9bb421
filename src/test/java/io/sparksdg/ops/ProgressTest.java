package io.sparksdg.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {

  private static Progress progress(long done, long total, long doneAtStart, double seconds) {
    return new Progress("responses", done, total, doneAtStart, seconds, 0, Double.NaN, List.of());
  }

  @Test
  void rateCountsOnlyWhatThisRunFinished() {
    // 100 were done by an earlier run; this run did 50 more in 10 s
    Progress p = progress(150, 400, 100, 10);
    assertThat(p.rate()).isCloseTo(5.0, within(1e-9));
    assertThat(p.etaSeconds()).isCloseTo(50.0, within(1e-9)); // 250 left at 5/s
  }

  @Test
  void etaIsUnknownBeforeAnythingFinishedAndZeroWhenDone() {
    assertThat(progress(0, 10, 0, 3).etaSeconds()).isNaN();
    assertThat(progress(0, 10, 0, 0).rate()).isZero();
    assertThat(progress(10, 10, 0, 4).etaSeconds()).isZero();
  }

  @Test
  void doneIsClampedToTheTotal() {
    // heartbeats and merged counts may overlap for a moment
    Progress p = progress(12, 10, 0, 2);
    assertThat(p.done()).isEqualTo(10);
    assertThat(p.line()).startsWith("responses 10/10 (100.0%)");
  }

  @Test
  void lineShowsCountsRateEtaFailuresSpendAndEndpoints() {
    Progress p =
        new Progress(
            "scores",
            30,
            120,
            0,
            12,
            2,
            0.01234,
            List.of(
                new Progress.EndpointProgress("reward", 16, 9, 4, 1),
                new Progress.EndpointProgress("judge", 0, -1, 0, 0)));
    assertThat(p.line())
        .isEqualTo(
            "scores 30/120 (25.0%) 2.5/s ETA 36s failed 2 spent $0.0123"
                + " | reward limit 16 in-flight 9 retries 4 failures 1"
                + " | judge retries 0 failures 0");
  }

  @Test
  void durationsReadLikeAClock() {
    assertThat(Progress.duration(42.4)).isEqualTo("42s");
    assertThat(Progress.duration(185)).isEqualTo("3m05s");
    assertThat(Progress.duration(2 * 3600 + 7 * 60 + 30)).isEqualTo("2h07m");
    assertThat(Progress.duration(Double.NaN)).isEqualTo("?");
    assertThat(Progress.duration(Double.POSITIVE_INFINITY)).isEqualTo("?");
  }

  @Test
  void beforeTheFirstResultTheLineSaysItIsWaitingRatherThanARateOfZero() {
    Progress p =
        new Progress(
            "responses",
            0,
            60,
            0,
            4.2,
            0,
            Double.NaN,
            List.of(new Progress.EndpointProgress("generator", 32, 30, 0, 0)));
    assertThat(p.line())
        .isEqualTo(
            "responses 0/60 (0.0%) waiting for the first results (4s)"
                + " | generator limit 32 in-flight 30 retries 0 failures 0")
        .doesNotContain("0.0/s")
        .doesNotContain("ETA ?");
    assertThat(progress(25, 60, 25, 3).line())
        .isEqualTo(
            "responses 25/60 (41.7%) done in earlier runs; waiting for the first results (3s)");
  }
}
