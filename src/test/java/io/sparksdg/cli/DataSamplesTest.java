package io.sparksdg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sparksdg.config.ConfigLoader;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.prompts.instructions.InstructionRegistry;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.spark.tables.RecordSchema;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.prompts.ImportPromptsStage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The inputs under {@code data-samples/} load as the config keys that name them expect ({@code
 * conf/samples.yaml} names every one), and the output samples match the tables' columns.
 */
class DataSamplesTest {

  private static final JsonMapper JSON = new JsonMapper();
  private final ImportPromptsStage imports = new ImportPromptsStage(32_000);

  @Test
  void samplesConfigValidatesAndNamesEveryInput() {
    assertThat(Main.execute("validate", "--config", "conf/samples.yaml")).isEqualTo(ExitCode.OK);
    SdgConfig config = new ConfigLoader().load(Path.of("conf/samples.yaml"), List.of());
    var p = config.prompts();
    assertThat(p.topicsFile()).isEqualTo("data-samples/topics.txt");
    assertThat(p.extraImports())
        .containsExactly(
            "data-samples/math.jsonl",
            "data-samples/instructions.jsonl",
            "data-samples/code.jsonl");
    assertThat(p.families().closedQa().documents()).isEqualTo("data-samples/documents.jsonl");
    assertThat(p.families().math().keywordsFile()).isEqualTo("data-samples/math-keywords.txt");
    assertThat(p.families().python().keywordsFile()).isEqualTo("data-samples/python-keywords.txt");
  }

  @Test
  void topicAndKeywordListsHoldOneEntryALine() throws IOException {
    assertThat(entries("data-samples/topics.txt")).hasSize(10).doesNotHaveDuplicates();
    assertThat(entries("data-samples/math-keywords.txt")).hasSize(12).doesNotHaveDuplicates();
    assertThat(entries("data-samples/python-keywords.txt")).hasSize(12).doesNotHaveDuplicates();
  }

  @Test
  void everyImportedPromptParses() throws IOException {
    List<PromptRecord> plain = parseAll("data-samples/prompts.jsonl");
    assertThat(plain).hasSize(24).allMatch(r -> r.task().equals(ImportPromptsStage.TASK));

    List<PromptRecord> math = parseAll("data-samples/math.jsonl");
    assertThat(math).hasSize(20).allMatch(r -> r.task().equals(ImportPromptsStage.TASK_MATH));
    assertThat(math).allMatch(r -> r.answerKey() != null && !r.answerKey().isBlank());

    List<PromptRecord> instructed = parseAll("data-samples/instructions.jsonl");
    assertThat(instructed)
        .hasSize(12)
        .allMatch(r -> r.task().equals(ImportPromptsStage.TASK_INSTRUCTIONS));
    for (PromptRecord r : instructed) {
      assertThat(InstructionRegistry.listFromJson(r.instructions())).isNotEmpty();
    }

    List<PromptRecord> code = parseAll("data-samples/code.jsonl");
    assertThat(code).hasSize(6).allMatch(r -> r.task().equals(ImportPromptsStage.TASK_CODE));
    assertThat(code).allMatch(r -> r.answerKey().startsWith("assert "));
  }

  @Test
  void closedQaDocumentsHaveIdsAndText() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("data-samples/documents.jsonl"));
    Set<String> ids = new HashSet<>();
    for (String line : lines) {
      JsonNode doc = JSON.readTree(line);
      assertThat(doc.path("text").asText()).hasSizeGreaterThan(200);
      ids.add(doc.path("id").asText());
    }
    assertThat(ids).hasSize(lines.size()).hasSize(3);
    try (var files = Files.list(Path.of("data-samples/documents"))) {
      assertThat(files.filter(f -> f.toString().endsWith(".txt")).count()).isEqualTo(2);
    }
  }

  @Test
  void outputSamplesHoldAtMostTwentyRowsOfTheirTablesColumns() throws IOException {
    Map<String, RecordSchema<?>> tables =
        Map.of(
            Tables.TOPICS, Tables.TOPIC,
            Tables.PROMPTS, Tables.PROMPT,
            Tables.RESPONSES, Tables.RESPONSE,
            Tables.SCORES, Tables.SCORE,
            Tables.SFT, Tables.SFT_ROW,
            Tables.PREFERENCES, Tables.PREFERENCE,
            Tables.PAIR_CANDIDATES, Tables.PAIR_CANDIDATE,
            Tables.FAILURES, Tables.FAILURE);
    for (Map.Entry<String, RecordSchema<?>> t : tables.entrySet()) {
      Path sample = Path.of("data-samples/output", t.getKey() + ".jsonl");
      List<String> lines = Files.readAllLines(sample);
      assertThat(lines).as(sample.toString()).hasSizeBetween(1, 20);
      Set<String> columns = new HashSet<>(List.of(t.getValue().schema().fieldNames()));
      columns.add(Tables.FINGERPRINT);
      columns.add(Tables.ROUND);
      for (String line : lines) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = JSON.readTree(line).fieldNames(); it.hasNext(); ) {
          keys.add(it.next());
        }
        assertThat(columns).as(sample.toString()).containsAll(keys);
        assertThat(keys).as(sample.toString()).contains(t.getValue().schema().fieldNames()[0]);
      }
    }
  }

  private List<PromptRecord> parseAll(String file) throws IOException {
    List<PromptRecord> records = new ArrayList<>();
    List<String> lines = Files.readAllLines(Path.of(file));
    for (int i = 0; i < lines.size(); i++) {
      Outcome<PromptRecord> outcome = imports.parse(lines.get(i), i + 1);
      assertThat(outcome).as(file + " line " + (i + 1)).isInstanceOf(Outcome.Ok.class);
      records.add(((Outcome.Ok<PromptRecord>) outcome).value());
    }
    return records;
  }

  private static List<String> entries(String file) throws IOException {
    return Files.readAllLines(Path.of(file)).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }
}
