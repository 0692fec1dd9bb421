package io.sparksdg.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SimulatorMainTest {

  @Test
  void defaultsToPort8000OnLoopbackWithNoFaults() throws Exception {
    SimulatorOptions options = SimulatorMain.parse(new String[0], name -> null);

    assertThat(options.host()).isEqualTo("127.0.0.1");
    assertThat(options.port()).isEqualTo(8000);
    assertThat(options.latency()).isEqualTo(Duration.ZERO);
    assertThat(options.faults().total()).isZero();
    assertThat(options.requiredApiKey()).isNull();
  }

  @Test
  void readsEveryFlag() throws Exception {
    String[] args = {
      "--port",
      "9001",
      "--host",
      "0.0.0.0",
      "--latency-ms",
      "150",
      "--jitter-ms=20",
      "--fault-rate",
      "0.35",
      "--reject-marker",
      "BAD",
      "--reject-marker",
      "WORSE",
      "--repeat-rate",
      "0.1",
      "--seed",
      "-7",
      "--require-key-env",
      "SIM_KEY"
    };

    SimulatorOptions options = SimulatorMain.parse(args, Map.of("SIM_KEY", "k-123")::get);

    assertThat(options.port()).isEqualTo(9001);
    assertThat(options.host()).isEqualTo("0.0.0.0");
    assertThat(options.latency()).isEqualTo(Duration.ofMillis(150));
    assertThat(options.latencyJitter()).isEqualTo(Duration.ofMillis(20));
    assertThat(options.faults().total())
        .isCloseTo(0.35, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(options.faults().rateLimited())
        .isCloseTo(0.05, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(options.faults().stall())
        .isCloseTo(0.05, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(options.faults().rejectMarkers()).containsExactly("BAD", "WORSE");
    assertThat(options.repeatRate()).isEqualTo(0.1);
    assertThat(options.seed()).isEqualTo(-7);
    assertThat(options.requiredApiKey()).isEqualTo("k-123");
  }

  @Test
  void acceptsSeveralKeysEachFromItsVariable() throws Exception {
    SimulatorOptions options =
        SimulatorMain.parse(
            new String[] {"--require-key-env", "KEY_A,KEY_B"},
            Map.of("KEY_A", "k-a", "KEY_B", " k-b ")::get);

    assertThat(options.requiredApiKey()).isEqualTo("k-a");
    assertThat(options.additionalApiKeys()).containsExactly("k-b");
    assertThat(options.toString()).doesNotContain("k-a", "k-b");
    assertThatThrownBy(
            () ->
                SimulatorMain.parse(
                    new String[] {"--require-key-env", "KEY_A,NOPE"}, Map.of("KEY_A", "k")::get))
        .hasMessage("--require-key-env names $NOPE, which is not set or empty: export it");
  }

  @Test
  void badFlagsAreOneClearLine() {
    assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--prot", "1"}, n -> null))
        .isInstanceOf(SimulatorMain.UsageException.class)
        .hasMessageStartingWith("Unknown flag '--prot'");
    assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--port", "x"}, n -> null))
        .hasMessage("--port needs a whole number from 0 to 65535, got 'x'");
    assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--fault-rate", "2"}, n -> null))
        .hasMessage("--fault-rate needs a number from 0 to 1, got '2'");
    assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--latency-ms"}, n -> null))
        .hasMessageStartingWith("Missing value for --latency-ms");
    assertThatThrownBy(
            () -> SimulatorMain.parse(new String[] {"--require-key-env", "NOPE"}, n -> null))
        .hasMessage("--require-key-env names $NOPE, which is not set or empty: export it");
  }

  @Test
  void mainExitsWith2AndOneLineOnABadFlag() throws Exception {
    Process process = java("--bogus");

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(stderr.strip().lines()).hasSize(1).first().asString().startsWith("Unknown flag");
  }

  @Test
  void mainPrintsWhereItListensAndServes() throws Exception {
    Process process = java("--port", "0");
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();

      assertThat(line)
          .matches(
              "Simulator listening on http://127\\.0\\.0\\.1:\\d+ \\(simulated models; Ctrl-C to"
                  + " stop\\)");
      String baseUrl = line.split(" ")[3];
      java.net.http.HttpResponse<String> health =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl + "/health"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(health.body()).isEqualTo("ok");
    } finally {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static Process java(String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SimulatorMain.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).start();
  }
}
