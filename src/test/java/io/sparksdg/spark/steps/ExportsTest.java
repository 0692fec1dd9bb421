package io.sparksdg.spark.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparksdg.config.ConfigLoader;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.model.Message;
import io.sparksdg.records.PreferenceRecord;
import io.sparksdg.spark.job.SparkTestBase;
import io.sparksdg.spark.run.OutputLayout;
import io.sparksdg.spark.tables.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer exports of a small preferences table. */
class ExportsTest extends SparkTestBase {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static PreferenceRecord pair(String id, String judge, double chosen, double rejected) {
    return new PreferenceRecord(
        id,
        "p-" + id,
        List.of(Message.user("Q " + id + "?")),
        "good",
        "bad",
        chosen,
        rejected,
        chosen - rejected,
        judge,
        "c-" + id,
        "r-" + id,
        "m1",
        "m2",
        true,
        true,
        null,
        null,
        null);
  }

  @Test
  void rpoLeavesOutPairsWhoseRewardGapContradictsThePreferenceAndSaysSo() throws Exception {
    var spark = spark();
    List<PreferenceRecord> pairs =
        List.of(
            pair("a", "reward_model", 3.0, 1.0),
            pair("b", "ground_truth", 1.0, 2.5), // the answer key overruled the reward model
            pair("c", "verifier", 2.0, 2.0), // a tie says nothing either way
            pair("d", "ground_truth", 2.0, 0.5));
    String root = dir.resolve("out").toString();
    spark
        .createDataFrame(
            pairs.stream().map(Tables.PREFERENCE::toRow).toList(), Tables.PREFERENCE.schema())
        .write()
        .parquet(root + "/" + Tables.PREFERENCES);
    spark
        .createDataFrame(List.<org.apache.spark.sql.Row>of(), Tables.SFT_ROW.schema())
        .write()
        .parquet(root + "/" + Tables.SFT);
    SdgConfig config =
        new ConfigLoader()
            .parse(
                "endpoints:\n  generator: {base-url: embedded, model: g}\n"
                    + "  reward: {base-url: embedded, model: r, kind: nemotron-reward}\n",
                "t",
                List.of());
    new Exports(
            spark, new OutputLayout(root, spark.sparkContext().hadoopConfiguration()), config, "fp")
        .write();

    Path rpo = dir.resolve("out/exports/nemo-rpo");
    List<JsonNode> rows = lines(rpo.resolve("data.jsonl"));
    assertThat(rows).hasSize(2);
    assertThat(rows)
        .allSatisfy(
            r ->
                assertThat(r.get("chosen_reward").asDouble())
                    .isGreaterThan(r.get("rejected_reward").asDouble()));
    JsonNode card = JSON.readTree(rpo.resolve("card.json").toFile());
    assertThat(card.get("rows").asLong()).isEqualTo(2);
    JsonNode out = card.get("left_out_reward_contradicts_preference");
    assertThat(out.get("rows").asLong()).isEqualTo(2);
    assertThat(out.get("by_judge").get("ground_truth").asLong()).isEqualTo(1);
    assertThat(out.get("by_judge").get("verifier").asLong()).isEqualTo(1);
    assertThat(out.get("pair_ids").toString()).isEqualTo("[\"b\",\"c\"]");
    assertThat(out.get("why").asText()).contains("chosen_reward <= rejected_reward");
    assertThat(Files.readString(rpo.resolve("README.md")))
        .contains("Left out: 2 pairs by judge {\"ground_truth\":1,\"verifier\":1}")
        .contains("RPO's loss uses the reward gap");

    // DPO and TRL keep them: only the preference matters there, and the card says so
    for (String name : List.of("nemo-dpo", "trl-preferences")) {
      Path export = dir.resolve("out/exports/" + name);
      assertThat(lines(export.resolve("data.jsonl"))).hasSize(4);
      JsonNode kept =
          JSON.readTree(export.resolve("card.json").toFile())
              .get("kept_reward_contradicts_preference");
      assertThat(kept.get("rows").asLong()).isEqualTo(2);
      assertThat(kept.get("why").asText()).contains("kept, since DPO uses only the preference");
    }

    // no Hadoop checksum files beside the data
    try (Stream<Path> files = Files.walk(dir.resolve("out/exports"))) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".crc")))
          .isEmpty();
    }
  }

  private static List<JsonNode> lines(Path file) throws Exception {
    return Files.readAllLines(file).stream()
        .map(
            l -> {
              try {
                return JSON.readTree(l);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }
}
