package io.sparksdg.prompts.instructions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Our checkers must agree with IFEval's reference implementation (lm-eval's ifeval package). Writes
 * the cases of {@link AgreementCases} as JSONL, has {@code ifeval_reference.py} judge them in the
 * Python venv made by {@code src/test/python/setup-venv.sh} ($SDG_VENV, default {@code .venv} in
 * the repository), and compares verdicts case by case: at least 3,000 cases and 60 per instruction
 * id, 99.7% agreement overall and 99% for every id (src/site/markdown/instruction-checkers.md).
 */
class IfEvalAgreementIT {

  private static final JsonMapper JSON = new JsonMapper();

  @Test
  void checkersAgreeWithTheReferenceImplementation() throws Exception {
    Path root = Path.of("").toAbsolutePath();
    String venvEnv = System.getenv("SDG_VENV");
    Path venv = venvEnv == null || venvEnv.isBlank() ? root.resolve(".venv") : Path.of(venvEnv);
    Path python = venv.resolve("bin/python");
    if (!Files.isExecutable(python)) {
      fail(
          "No Python venv at %s: run src/test/python/setup-venv.sh (set SDG_VENV to use another"
              + " location)",
          venv);
    }

    List<AgreementCases.Case> cases = AgreementCases.all();
    Path dir = Files.createDirectories(root.resolve("target/ifeval-agreement"));
    Path casesFile = dir.resolve("cases.jsonl");
    Path verdictsFile = dir.resolve("reference-verdicts.jsonl");
    writeCases(cases, casesFile);
    runReference(
        python,
        root.resolve("src/test/python/ifeval_reference.py"),
        casesFile,
        verdictsFile,
        dir.resolve("reference.log"));
    Map<String, JsonNode> reference = readVerdicts(verdictsFile);

    Map<String, int[]> perId = new TreeMap<>(); // id -> {compared, agreed, reference passes}
    List<String> disagreements = new ArrayList<>();
    int compared = 0;
    int agreed = 0;
    for (AgreementCases.Case c : cases) {
      JsonNode ref = reference.get(c.caseId());
      if (ref == null || ref.get("pass").isNull()) {
        disagreements.add(c.caseId() + ": reference gave no verdict " + ref);
        continue;
      }
      boolean refPass = ref.get("pass").asBoolean();
      Verdict ours = c.instruction().verify(c.response());
      int[] row = perId.computeIfAbsent(c.instruction().id(), k -> new int[3]);
      row[0]++;
      compared++;
      row[2] += refPass ? 1 : 0;
      if (ours.passed() == refPass) {
        row[1]++;
        agreed++;
      } else {
        disagreements.add(
            String.format(
                "%s: reference %s, ours %s; params %s; response %s",
                c.caseId(),
                refPass ? "pass" : "fail",
                ours,
                c.instruction().parameters(),
                JSON.writeValueAsString(c.response())));
      }
    }

    StringBuilder table = new StringBuilder("\nIFEval agreement per instruction type\n");
    table.append(
        String.format("%-48s %8s %8s %8s %9s%n", "id", "cases", "agree", "ref-pass", "agreement"));
    perId.forEach(
        (id, row) ->
            table.append(
                String.format(
                    "%-48s %8d %8d %8d %8.1f%%%n",
                    id, row[0], row[1], row[2], 100.0 * row[1] / row[0])));
    double overall = compared == 0 ? 0 : 100.0 * agreed / compared;
    table.append(
        String.format("%-48s %8d %8d %8s %8.2f%%%n", "overall", compared, agreed, "", overall));
    System.out.println(table);
    Files.writeString(
        dir.resolve("agreement.txt"),
        table + "\nDisagreements:\n" + String.join("\n", disagreements) + "\n");

    String report = table + "\nDisagreements:\n" + String.join("\n", disagreements);
    assertThat(compared).as("cases compared with the reference").isGreaterThanOrEqualTo(3000);
    assertThat(overall)
        .as("agreement with IFEval's reference (%d of %d)%s", agreed, compared, report)
        .isGreaterThanOrEqualTo(99.7);
    perId.forEach(
        (id, row) -> {
          assertThat(row[0]).as("cases for %s", id).isGreaterThanOrEqualTo(60);
          assertThat(100.0 * row[1] / row[0])
              .as("agreement for %s (%d of %d)%s", id, row[1], row[0], report)
              .isGreaterThanOrEqualTo(99.0);
        });
  }

  private static void writeCases(List<AgreementCases.Case> cases, Path file) throws IOException {
    StringBuilder out = new StringBuilder();
    for (AgreementCases.Case c : cases) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("case_id", c.caseId());
      row.put("instruction_id", c.instruction().id());
      row.put("kwargs", c.instruction().parameters());
      row.put("prompt", c.prompt());
      row.put("response", c.response());
      out.append(JSON.writeValueAsString(row)).append('\n');
    }
    Files.writeString(file, out, StandardCharsets.UTF_8);
  }

  private static void runReference(Path python, Path script, Path in, Path out, Path log)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(python.toString(), script.toString(), in.toString(), out.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      fail("ifeval_reference.py did not finish in 5 minutes; see %s", log);
    }
    if (process.exitValue() != 0) {
      fail("ifeval_reference.py exited with %d: %s", process.exitValue(), Files.readString(log));
    }
  }

  private static Map<String, JsonNode> readVerdicts(Path file) throws IOException {
    Map<String, JsonNode> verdicts = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        JsonNode node = JSON.readTree(line);
        verdicts.put(node.get("case_id").asText(), node);
      }
    }
    return verdicts;
  }
}
