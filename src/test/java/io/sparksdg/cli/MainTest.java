package io.sparksdg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A user's mistake ends in one clear line and exit code 2, before any work starts. */
class MainTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private PrintStream originalErr;
  private PrintStream originalOut;

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

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "yaml syntax error | endpoints: [unclosed | is not valid YAML at line",
        "misspelled key | responses: {per-promt: 2} | did you mean 'per-prompt'?",
        "negative concurrency | endpoints: {generator: {base-url: embedded, model: m, max-concurrency: -3}} | max-concurrency must be positive, got -3",
        "malformed url | endpoints: {generator: {base-url: 'htp:/x', model: m}} | must be an http(s) URL",
        "non-numeric count | responses: {per-prompt: lots} | expects a whole number, got 'lots'",
        "missing import file | prompts: {import: /nope/prompts.jsonl} | 'prompts.import' names '/nope/prompts.jsonl'",
      })
  void badConfigEndsInOneLineAndExitCode2(String name, String yaml, String expected)
      throws Exception {
    String base =
        "endpoints:\n  generator: {base-url: embedded, model: g}\n  reward: {base-url: embedded, model: r, kind: nemotron-reward}\n";
    // A config whose own 'endpoints' key replaces the base one, so each case breaks one thing.
    String text = yaml.startsWith("endpoints") ? yaml : base + yaml;
    Path config = Files.writeString(dir.resolve("bad.yaml"), text + "\n");
    int code =
        Main.execute("run", "--config", config.toString(), "--out", dir.resolve("out").toString());
    assertThat(code).isEqualTo(ExitCode.CONFIG);
    assertThat(stderr()).contains(expected);
    assertThat(stderr().strip().lines()).hasSize(1);
    assertThat(stderr()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void unknownOptionIsAOneLineError() {
    assertThat(Main.execute("run", "--config", "conf/local.yaml", "--outt", "x"))
        .isEqualTo(ExitCode.CONFIG);
    assertThat(stderr().strip().lines()).hasSize(1);
    assertThat(stderr()).contains("--outt");
  }

  @Test
  void validateAcceptsTheShippedConfig() {
    assertThat(Main.execute("validate", "--config", "conf/local.yaml")).isEqualTo(ExitCode.OK);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("is valid");
  }

  @Test
  void unreachableEndpointIsExitCode3() {
    int code =
        Main.execute(
            "validate",
            "--config",
            "conf/local.yaml",
            "--set",
            "endpoints.generator.base-url=http://127.0.0.1:9");
    assertThat(code).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(stderr()).contains("Endpoint 'generator' at http://127.0.0.1:9 is unreachable");
  }

  @Test
  void warnsOnlyWhenAKeyWouldCrossTheNetworkInTheClear() {
    io.sparksdg.config.SdgConfig config =
        new io.sparksdg.config.ConfigLoader()
            .parse(
                "endpoints:\n"
                    + "  a: {base-url: 'http://10.1.2.3:8000', model: m}\n"
                    + "  b: {base-url: 'https://api.example.com', model: m}\n"
                    + "  c: {base-url: 'http://127.0.0.1:8000', model: m}\n"
                    + "  reward: {base-url: embedded, model: r, kind: nemotron-reward}\n"
                    + "responses: {generator: a}\nprompts: {generator: a}\n",
                "t",
                java.util.List.of());
    assertThat(Preflight.plainHttpToAnotherHost(config.endpoint("a", "x"))).isTrue();
    assertThat(Preflight.plainHttpToAnotherHost(config.endpoint("b", "x"))).isFalse();
    assertThat(Preflight.plainHttpToAnotherHost(config.endpoint("c", "x"))).isFalse();
    assertThat(Preflight.plainHttpToAnotherHost(config.endpoint("reward", "x"))).isFalse();
  }

  @Test
  void aBadReviewFileIsRefusedWithItsLineNumberBeforeAnythingStarts() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("c.yaml"),
            "endpoints:\n  generator: {base-url: embedded, model: g}\n  reward: {base-url: embedded, model: r, kind: nemotron-reward}\n");
    Path file =
        Files.writeString(
            dir.resolve("annotated.jsonl"),
            "{\"id\": \"a\", \"kind\": \"pair\", \"verdict\": \"keep\"}\n"
                + "{\"id\": \"b\", \"kind\": \"sft\", \"verdict\": \"swap\"}\n");
    int code =
        Main.execute(
            "review",
            "import",
            file.toString(),
            "--config",
            config.toString(),
            "--out",
            dir.resolve("out").toString());
    assertThat(code).isEqualTo(2);
    assertThat(stderr()).contains("line 2").contains("pairs only").doesNotContain("Exception");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "run --help | --config=FILE | --out=DIR | --set=KEY=VALUE | --master=URL | sdg run --config conf/local.yaml",
        "plan --help | --config=FILE | --set=KEY=VALUE | --help | --version | sdg plan --config conf/local.yaml",
        "validate -h | --config=FILE | --set=KEY=VALUE | --help | --version | sdg validate --config conf/local.yaml",
        "report --help | --out=DIR | --master=URL | --help | --version | sdg report --out work-out/local",
        "review export --help | --config=FILE | --file=FILE | --size=N | --out=DIR | sdg review export",
        "help run | --config=FILE | --out=DIR | --set=KEY=VALUE | --master=URL | sdg run --config",
      })
  void everyCommandHasHelpWithItsOptionsAndAnExample(
      String argv, String o1, String o2, String o3, String o4, String example) {
    assertThat(Main.execute(argv.split(" "))).isEqualTo(ExitCode.OK);
    assertThat(stdout()).startsWith("Usage: sdg ").contains(o1, o2, o3, o4).contains(example);
    assertThat(stderr()).isEmpty();
  }

  @Test
  void everyCommandNamesTheVersion() {
    assertThat(Main.execute("run", "--version")).isEqualTo(ExitCode.OK);
    assertThat(stdout()).startsWith("spark-sdg ");
  }

  @Test
  void noCommandPrintsTheUsageOfEveryCommandAndExitCode2() {
    assertThat(Main.execute()).isEqualTo(ExitCode.CONFIG);
    assertThat(stderr())
        .contains("sdg: no command given", "Usage: sdg", "Commands:", "run", "plan", "validate")
        .contains("sdg COMMAND --help")
        .contains("sdg run --config conf/local.yaml");
  }

  @Test
  void aMissingOptionNamesTheCommandsHelp() {
    assertThat(Main.execute("plan")).isEqualTo(ExitCode.CONFIG);
    assertThat(stderr()).contains("Missing required option: '--config=FILE'", "'sdg plan --help'");
  }

  @Test
  void outPointingAtAFileIsOneLineBeforeAnythingStarts() throws Exception {
    Path file = Files.writeString(dir.resolve("out.txt"), "x");
    int code = Main.execute("run", "--config", "conf/local.yaml", "--out", file.toString());
    assertThat(code).isEqualTo(ExitCode.CONFIG);
    assertThat(stderr().strip().lines()).hasSize(1);
    assertThat(stderr())
        .contains("--out " + file + " is a file, not a folder")
        .contains("--out " + dir.resolve("out") + "/")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(stdout()).isEmpty();
    int under =
        Main.execute(
            "run", "--config", "conf/local.yaml", "--out", file.resolve("run1").toString());
    assertThat(under).isEqualTo(ExitCode.CONFIG);
    assertThat(stderr()).contains("lies under " + file + ", which is a file");
  }

  @Test
  void aMisspeltKeyInSetIsAttributedToSet() {
    int code =
        Main.execute("validate", "--config", "conf/local.yaml", "--set", "run.batch-sise=10");
    assertThat(code).isEqualTo(ExitCode.CONFIG);
    assertThat(stderr())
        .contains("Unknown config key 'run.batch-sise' in --set run.batch-sise (not in")
        .contains("did you mean 'batch-size'?");
  }

  @Test
  void aFailedRunEndsWithItsTopCausesAndSaysWhereTheReportAndExportsAre() {
    io.sparksdg.spark.run.RunSummary summary =
        new io.sparksdg.spark.run.RunSummary(
                "fp",
                new java.util.LinkedHashMap<>(
                    java.util.Map.of("responses", 0L)), // then failures, in order
                1,
                1,
                0.05)
            .with(
                "20261204T101310Z-abc123",
                java.util.List.of(
                    new io.sparksdg.spark.run.RunSummary.Cause(
                        1,
                        "responses",
                        "server_error",
                        "failed after 4 attempts: 501 Unsupported method ('POST')")));
    assertThat(Main.Run.failed(summary, "/tmp/x"))
        .as("the top causes, each counted, with a real message")
        .isEqualTo(
            "sdg: 1 of 1 records failed (100.0%), over run.error-budget=0.05; top causes:\n"
                    .replace("\n", System.lineSeparator())
                + "sdg:   1 x responses server_error: failed after 4 attempts: 501 Unsupported"
                + " method ('POST')"
                + System.lineSeparator()
                + "sdg: every failed record is in /tmp/x/failures; a re-run resumes and retries"
                + " the failures a re-run may fix"
                + System.lineSeparator());
    io.sparksdg.config.SdgConfig config =
        new io.sparksdg.config.ConfigLoader()
            .parse(
                "endpoints:\n  generator: {base-url: embedded, model: g}\n"
                    + "  reward: {base-url: embedded, model: r, kind: nemotron-reward}\n"
                    + "output: {root: /tmp/x/}\n",
                "t",
                java.util.List.of());
    assertThat(Main.Run.describe(summary, config))
        .startsWith("Run 20261204T101310Z-abc123 wrote /tmp/x: responses=0 (failure share 100.00%)")
        .endsWith("; report /tmp/x/_report/index.html; exports /tmp/x/exports/");
  }
}
