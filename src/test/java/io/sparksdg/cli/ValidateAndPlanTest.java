package io.sparksdg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.config.ConfigLoader;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.sim.Simulator;
import io.sparksdg.sim.SimulatorOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code sdg validate} asks each endpoint for its models; {@code sdg plan} calls none. */
class ValidateAndPlanTest {

  private static Simulator sim;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private PrintStream originalErr;
  private PrintStream originalOut;

  @BeforeAll
  static void startSimulator() {
    sim = Simulator.start(SimulatorOptions.defaults());
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  @BeforeEach
  void capture() {
    originalErr = System.err;
    originalOut = System.out;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(originalErr);
    System.setOut(originalOut);
  }

  private int validate(String... sets) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "validate",
                "--config",
                "conf/local.yaml",
                "--set",
                "endpoints.generator.base-url=" + sim.baseUrl(),
                "--set",
                "endpoints.reward.base-url=" + sim.baseUrl()));
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
    return Main.execute(args.toArray(String[]::new));
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void validateFindsTheModelsAndScoresOneTestReply() {
    long before = sim.stats().requests();
    assertThat(validate()).isEqualTo(ExitCode.OK);
    assertThat(stdout())
        .contains("Endpoint 'generator' at " + sim.baseUrl() + ": reachable, serves model")
        .contains("Endpoint 'reward' at " + sim.baseUrl() + ": scored a test reply")
        .contains("is valid");
    // one scoring request; the generator is only asked for its models
    assertThat(sim.stats().requests() - before).isEqualTo(1);
  }

  @Test
  void aModelTheServerDoesNotListIsOneLineAndExitCode3() {
    assertThat(validate("endpoints.generator.model=no-such-model")).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(stderr().strip().lines()).hasSize(1);
    assertThat(stderr())
        .contains("does not serve model 'no-such-model'")
        .contains("simulated-instruct")
        .contains("fix endpoints.generator.model");
  }

  @Test
  void aRewardEndpointThatAnswersLikeAChatModelFails() {
    // the simulator answers a non-reward model name with chat text, not scores
    assertThat(validate("endpoints.reward.model=simulated-instruct"))
        .isEqualTo(ExitCode.UNREACHABLE);
    assertThat(stderr())
        .contains("Endpoint 'reward' at " + sim.baseUrl() + " did not score a test reply")
        .contains("nemotron-reward");
    assertThat(stderr().strip().lines()).hasSize(1);
  }

  @Test
  void aClosedPortFailsTheProbeWithTheFix() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    SdgConfig config =
        new ConfigLoader()
            .load(
                Path.of("conf/local.yaml"),
                List.of(
                    "endpoints.generator.base-url=http://127.0.0.1:" + port,
                    "endpoints.reward.base-url=" + sim.baseUrl()));
    List<String> notes = new ArrayList<>();
    List<String> problems = Preflight.probe(config, notes);
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0))
        .startsWith("Endpoint 'generator' at http://127.0.0.1:" + port)
        .contains("start the server or fix endpoints.generator.base-url");
    assertThat(notes).anyMatch(n -> n.startsWith("Endpoint 'reward'"));
    // and through the command: the connect check reports it first
    assertThat(validate("endpoints.generator.base-url=http://127.0.0.1:" + port))
        .isEqualTo(ExitCode.UNREACHABLE);
    assertThat(stderr()).contains("is unreachable");
  }

  @Test
  void planPrintsRequestsTokensAndCostPerStageWithoutCallingAModel() {
    long before = sim.stats().requests();
    int code =
        Main.execute(
            "plan",
            "--config",
            "conf/local.yaml",
            "--set",
            "endpoints.generator.base-url=" + sim.baseUrl(),
            "--set",
            "endpoints.generator.price.input-per-mtok=0.5",
            "--set",
            "endpoints.generator.price.output-per-mtok=1.5",
            "--set",
            "run.max-budget=0.0001");
    assertThat(code).isEqualTo(ExitCode.OK);
    assertThat(sim.stats().requests()).isEqualTo(before);
    List<String> lines = stdout().lines().toList();
    assertThat(lines.get(0)).startsWith("stage").contains("requests", "cost-usd");
    // conf/local.yaml: 6 topics x 5 questions, 2 responses each, every response scored
    assertThat(row(lines, "responses")).containsSequence("generator", "simulated-instruct", "60");
    assertThat(row(lines, "scores")).containsSequence("reward", "simulated-reward", "60");
    assertThat(row(lines, "total").get(1)).isEqualTo(String.valueOf(1 + 6 + 60 + 60));
    double cost = Double.parseDouble(row(lines, "responses").get(6));
    assertThat(cost).isPositive();
    assertThat(Double.parseDouble(row(lines, "scores").get(6))).isZero(); // reward has no price
    assertThat(stdout()).contains("over run.max-budget");
  }

  private static List<String> row(List<String> lines, String stage) {
    return lines.stream()
        .filter(l -> l.startsWith(stage + " "))
        .findFirst()
        .map(l -> List.of(l.trim().split("\\s+")))
        .orElseThrow(() -> new AssertionError("no row " + stage));
  }
}
