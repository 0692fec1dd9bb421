package io.sparksdg.spark.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.spark.steps.Review;
import io.sparksdg.spark.tables.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review loop: export a sample, annotate it as a reviewer would (drop a pair, swap a pair,
 * correct an SFT row's score), import, re-run: exactly those rows change, and the run resumes
 * without calling a model.
 */
class SdgJobReviewTest extends SparkTestBase {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static Map<String, Row> byId(List<Row> rows) {
    Map<String, Row> m = new HashMap<>();
    rows.forEach(r -> m.put(r.getString(0), r));
    return m;
  }

  @Test
  void reviewedRowsChangeAsTheReviewerSaidAndNoOthers() throws Exception {
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir)) {
      Path out = sim.out();
      Path input = sim.importPrompts("q", 20, i -> "Reviewable question number " + i + "?");
      SdgConfig config =
          sim.config(
              "conf/local.yaml",
              "output.report=false",
              "prompts.import=" + input,
              "filter.min-reward=0",
              "filter.min.correctness=0",
              "exports.enabled=false",
              "run.partitions=2");
      sim.run(config);
      long requests = sim.requests();
      List<Row> prefsBefore = RunInvariants.content(spark(), out, Tables.PREFERENCES);
      List<Row> sftBefore = RunInvariants.content(spark(), out, Tables.SFT);
      assertThat(prefsBefore.size()).isGreaterThanOrEqualTo(2);

      Path sample = dir.resolve("sample.jsonl");
      Review.Exported exported = Review.export(spark(), config, sample.toString(), 12);
      List<String> lines = Files.readAllLines(sample);
      assertThat(lines).hasSize(12);
      assertThat(exported.items().get("pair") + exported.items().get("sft")).isEqualTo(12);
      List<ObjectNode> pairs = new ArrayList<>();
      List<ObjectNode> sfts = new ArrayList<>();
      for (String line : lines) {
        ObjectNode item = (ObjectNode) JSON.readTree(line);
        assertThat(item.get("verdict").isNull()).isTrue();
        (item.get("kind").asText().equals("pair") ? pairs : sfts).add(item);
      }
      assertThat(pairs).hasSizeGreaterThanOrEqualTo(2);
      assertThat(sfts).isNotEmpty();

      // The annotator: drop one pair, swap another, correct one SFT row; one id is stale.
      ObjectNode dropped = pairs.get(0).put("verdict", "drop");
      ObjectNode swapped = pairs.get(1).put("verdict", "swap");
      ObjectNode corrected = sfts.get(0);
      corrected.putObject("corrected_scores").put("correctness", 0.5);
      ObjectNode stale = JSON.createObjectNode().put("id", "no-such-pair").put("kind", "pair");
      stale.put("verdict", "keep");
      List<String> annotated = new ArrayList<>();
      for (String line : lines) {
        String id = JSON.readTree(line).get("id").asText();
        annotated.add(
            id.equals(dropped.get("id").asText())
                ? dropped.toString()
                : id.equals(swapped.get("id").asText())
                    ? swapped.toString()
                    : id.equals(corrected.get("id").asText()) ? corrected.toString() : line);
      }
      annotated.add(stale.toString());
      Path file = Files.write(dir.resolve("annotated.jsonl"), annotated);
      Review.Imported imported = Review.importVerdicts(spark(), config, file.toString());
      assertThat(imported.stored()).isEqualTo(3);
      assertThat(imported.unknown()).extracting(v -> v.id()).containsExactly("no-such-pair");
      assertThat(imported.unreviewed()).isEqualTo(9);

      // The next run resumes (no model call) and applies the verdicts.
      sim.run(config);
      assertThat(sim.requests()).isEqualTo(requests);
      Map<String, Row> prefsAfter = byId(RunInvariants.content(spark(), out, Tables.PREFERENCES));
      Map<String, Row> before = byId(prefsBefore);
      String droppedId = dropped.get("id").asText();
      String swappedId = swapped.get("id").asText();
      assertThat(prefsAfter).doesNotContainKey(droppedId).hasSize(before.size() - 1);
      Row was = before.get(swappedId);
      Row now = prefsAfter.get(swappedId);
      assertThat(now.<String>getAs("chosen")).isEqualTo(was.<String>getAs("rejected"));
      assertThat(now.<String>getAs("rejected")).isEqualTo(was.<String>getAs("chosen"));
      assertThat(now.<Double>getAs("margin")).isEqualTo(-was.<Double>getAs("margin"));
      assertThat(now.<String>getAs("judge")).isEqualTo("human");
      before.forEach(
          (id, row) -> {
            if (!id.equals(droppedId) && !id.equals(swappedId)) {
              assertThat(prefsAfter.get(id)).isEqualTo(row);
            }
          });

      Map<String, Row> sftAfter = byId(RunInvariants.content(spark(), out, Tables.SFT));
      Map<String, Row> sftWas = byId(sftBefore);
      String correctedId = corrected.get("id").asText();
      assertThat(sftAfter.keySet()).isEqualTo(sftWas.keySet());
      Row fixed = sftAfter.get(correctedId);
      assertThat(fixed.<Double>getAs("correctness")).isEqualTo(0.5);
      assertThat(fixed.<String>getAs("judge")).isEqualTo("human");
      Row old = sftWas.get(correctedId);
      assertThat(fixed.<Double>getAs("reward"))
          .isCloseTo(
              old.<Double>getAs("reward") + 0.74 * (0.5 - old.<Double>getAs("correctness")),
              org.assertj.core.data.Offset.offset(1e-9));
      sftWas.forEach(
          (id, row) -> {
            if (!id.equals(correctedId)) {
              assertThat(sftAfter.get(id)).isEqualTo(row);
            }
          });
      JsonNode rows = JSON.readTree(Files.readString(out.resolve("_summary.json"))).get("rows");
      assertThat(rows.get("reviews_preferences").asLong()).isEqualTo(2);
      assertThat(rows.get("reviews_sft").asLong()).isEqualTo(1);

      // A new sample leaves out what was reviewed.
      Review.export(spark(), config, sample.toString(), 100);
      for (String line : Files.readAllLines(sample)) {
        assertThat(JSON.readTree(line).get("id").asText())
            .isNotIn(droppedId, swappedId, correctedId);
      }
    }
  }
}
