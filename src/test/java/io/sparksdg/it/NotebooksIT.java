package io.sparksdg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The notebooks under {@code notebooks/} run with {@code jupyter nbconvert --to notebook --execute}
 * in the venv made by {@code src/test/python/setup-notebook-venv.sh} ($SDG_NOTEBOOK_VENV, default
 * {@code .venv-notebooks}) against the two rounds of {@link DemoRuns}: no cell fails and the
 * executed notebooks hold their plots as PNG images. They are kept under {@code
 * target/notebooks-it/}.
 */
class NotebooksIT {

  private static final Path REPO = Path.of("").toAbsolutePath();

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "browse_samples, 2, scored responses to",
    "filter_thresholds, 2, the run's thresholds keep",
    "preference_margins, 3, pairs over",
    "compare_rounds, 4, prompts in both rounds",
  })
  void notebookRunsAndDrawsItsPlots(String name, int images, String expectedText) throws Exception {
    Path venv = venv();
    Path round1 = DemoRuns.round1();
    Path round2 = DemoRuns.round2();
    Path outDir = Files.createDirectories(REPO.resolve("target/notebooks-it"));
    Map<String, String> env = new HashMap<>();
    env.put("SDG_OUT", round1.toString());
    env.put("SDG_OUT_A", round1.toString());
    env.put("SDG_OUT_B", round2.toString());
    env.put("MPLBACKEND", "module://matplotlib_inline.backend_inline");
    env.put("PATH", venv.resolve("bin") + ":" + System.getenv("PATH"));
    env.put("JUPYTER_PLATFORM_DIRS", "1");

    long start = System.nanoTime();
    List<String> command =
        List.of(
            venv.resolve("bin/jupyter").toString(),
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--ExecutePreprocessor.timeout=600",
            "--output-dir",
            outDir.toString(),
            REPO.resolve("notebooks/" + name + ".ipynb").toString());
    File log = outDir.resolve(name + ".log").toFile();
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("nbconvert of %s did not finish in 15 minutes; see %s", name, log);
    }
    System.out.printf(
        "NotebooksIT: %s executed in %.1f s%n", name, (System.nanoTime() - start) / 1e9);
    assertThat(p.exitValue()).as("nbconvert exit code; see " + log).isZero();

    JsonNode executed = new JsonMapper().readTree(outDir.resolve(name + ".ipynb").toFile());
    int png = 0;
    List<String> errors = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int code = 0;
    int ran = 0;
    for (JsonNode cell : executed.path("cells")) {
      if (!cell.path("cell_type").asText().equals("code")) {
        continue;
      }
      code++;
      if (cell.path("execution_count").isInt()) {
        ran++;
      }
      for (JsonNode output : cell.path("outputs")) {
        if (output.path("output_type").asText().equals("error")) {
          errors.add(output.path("ename").asText() + ": " + output.path("evalue").asText());
        }
        if (output.path("data").has("image/png")) {
          png++;
          assertThat(output.path("data").path("image/png").asText()).hasSizeGreaterThan(2_000);
        }
        output.path("text").forEach(t -> text.append(t.asText()));
        output.path("data").path("text/plain").forEach(t -> text.append(t.asText()));
      }
    }
    assertThat(errors).isEmpty();
    assertThat(ran).as("code cells executed").isEqualTo(code).isPositive();
    assertThat(png).as("PNG plots").isGreaterThanOrEqualTo(images);
    assertThat(text.toString()).contains(expectedText);
  }

  private static Path venv() {
    String env = System.getenv("SDG_NOTEBOOK_VENV");
    Path venv = env == null || env.isBlank() ? REPO.resolve(".venv-notebooks") : Path.of(env);
    if (!Files.isExecutable(venv.resolve("bin/jupyter"))) {
      fail("No notebook venv at %s: run src/test/python/setup-notebook-venv.sh", venv);
    }
    return venv;
  }
}
