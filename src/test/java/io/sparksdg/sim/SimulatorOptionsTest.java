package io.sparksdg.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorOptionsTest {

  @Test
  void defaultsAreLoopbackEphemeralAndQuiet() {
    SimulatorOptions options = SimulatorOptions.defaults();

    assertThat(options.host()).isEqualTo("127.0.0.1");
    assertThat(options.port()).isZero();
    assertThat(options.latency()).isEqualTo(Duration.ZERO);
    assertThat(options.faults()).isEqualTo(Faults.none());
    assertThat(options.repeatRate()).isZero();
    assertThat(options.requiredApiKey()).isNull();
  }

  @Test
  void withersChangeOneField() {
    SimulatorOptions options =
        SimulatorOptions.defaults().withLatency(Duration.ofMillis(5)).withSeed(3).withPort(1234);

    assertThat(options.latency()).isEqualTo(Duration.ofMillis(5));
    assertThat(options.seed()).isEqualTo(3);
    assertThat(options.port()).isEqualTo(1234);
    assertThat(options.host()).isEqualTo("127.0.0.1");
  }

  @Test
  void rejectsOutOfRangeValues() {
    assertThatThrownBy(() -> SimulatorOptions.defaults().withPort(70_000))
        .hasMessageContaining("port must be 0..65535, got 70000");
    assertThatThrownBy(() -> SimulatorOptions.defaults().withRepeatRate(1.5))
        .hasMessageContaining("repeatRate must be between 0 and 1, got 1.5");
    assertThatThrownBy(() -> SimulatorOptions.defaults().withLatency(Duration.ofMillis(-1)))
        .hasMessageContaining("latency must not be negative");
    assertThatThrownBy(() -> new Faults(0.6, 0.6, 0, 0, 0, 0, 0, List.of()))
        .hasMessageContaining("more than 1");
    assertThatThrownBy(() -> new Faults(-0.1, 0, 0, 0, 0, 0, 0, List.of()))
        .hasMessageContaining("rateLimited must be between 0 and 1, got -0.1");
  }

  @Test
  void spreadDividesTheRateEvenly() {
    Faults faults = Faults.spread(0.7);

    assertThat(faults.total()).isCloseTo(0.7, within(1e-12));
    assertThat(faults.serverError()).isCloseTo(0.1, within(1e-12));
    assertThat(faults.resetMidBody()).isCloseTo(0.1, within(1e-12));
    assertThat(faults.rejectMarkers()).isEmpty();
  }

  @Test
  void toStringNeverShowsTheApiKey() {
    SimulatorOptions options = SimulatorOptions.defaults().withRequiredApiKey("top-secret");

    assertThat(options.toString()).doesNotContain("top-secret").contains("<redacted>");
  }

  @Test
  void faultDecisionsFollowTheConfiguredRates() {
    Faults faults = new Faults(0.2, 0.1, 0, 0, 0, 0, 0, List.of());
    int[] counts = new int[FaultKind.values().length];
    for (long key = 0; key < 20_000; key++) {
      counts[FaultKind.decide(faults, key, 1, 0).ordinal()]++;
    }
    assertThat(counts[FaultKind.RATE_LIMITED.ordinal()] / 20_000.0).isCloseTo(0.2, within(0.02));
    assertThat(counts[FaultKind.SERVER_ERROR.ordinal()] / 20_000.0).isCloseTo(0.1, within(0.02));
    assertThat(counts[FaultKind.UNAVAILABLE.ordinal()]).isZero();
    assertThat(counts[FaultKind.NONE.ordinal()] / 20_000.0).isCloseTo(0.7, within(0.02));
  }
}
