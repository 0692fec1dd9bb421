package io.sparksdg.spark.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.model.Message;
import io.sparksdg.records.DialogueRecord;
import io.sparksdg.records.JudgementRecord;
import io.sparksdg.records.PairCandidateRecord;
import io.sparksdg.report.DialogueFigures;
import io.sparksdg.report.JudgeFigures;
import io.sparksdg.spark.job.SparkTestBase;
import io.sparksdg.spark.tables.RecordSchema;
import io.sparksdg.spark.tables.Tables;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The report's judges, pair drops and dialogues, counted from small tables. */
class ReportFiguresTest extends SparkTestBase {

  private <T extends Record> Dataset<Row> table(RecordSchema<T> schema, List<T> rows) {
    return spark().createDataFrame(rows.stream().map(schema::toRow).toList(), schema.schema());
  }

  private static JudgementRecord judgement(String id, String verdict) {
    return new JudgementRecord(
        id, "p", "a", "b", "a", "b", verdict, "judge", "", "", 0, 0, null, 1, 5);
  }

  private static PairCandidateRecord candidate(String id, String judge, String drop) {
    return new PairCandidateRecord(
        id, "p", judge, "c", "r", 3.0, 1.0, 2.0, drop == null, drop, null);
  }

  private static DialogueRecord dialogue(String id, String persona, double reward, String drop) {
    return new DialogueRecord(
        id,
        "p",
        persona,
        List.of(Message.user("Hi"), Message.assistant("Hello")),
        3,
        "u",
        "a",
        0,
        null,
        null,
        null,
        null,
        null,
        reward,
        "r",
        drop == null,
        drop,
        0,
        0,
        null,
        1,
        5);
  }

  @Test
  void countsVerdictsCandidatesDropReasonsAndDialogues() {
    Map<String, Dataset<Row>> tables = new HashMap<>();
    tables.put(
        Tables.JUDGEMENTS,
        table(
            Tables.JUDGEMENT,
            List.of(
                judgement("1", "a"),
                judgement("2", "b"),
                judgement("3", "inconsistent"),
                judgement("4", "a"))));
    tables.put(
        Tables.PAIR_CANDIDATES,
        table(
            Tables.PAIR_CANDIDATE,
            List.of(
                candidate("1", "llm_judge", null),
                candidate("2", "llm_judge", "llm judge: inconsistent under position swap"),
                candidate("3", "reward_model", "reward gap 0.206 < min-margin 0.250"),
                candidate("4", "reward_model", "reward gap 0.1 < min-margin 0.250"),
                candidate("5", "reward_model", null))));
    tables.put(
        Tables.DIALOGUES,
        table(
            Tables.DIALOGUE,
            List.of(
                dialogue("1", "normal", 4.8, null),
                dialogue("2", "concise", 3.2, "reward 3.200 < min-reward 4.500"),
                dialogue("3", "concise", 2.9, "reward 2.900 < min-reward 4.500"))));

    JudgeFigures judges = ReportFigures.judges(tables::get);
    assertThat(judges.judgements()).isEqualTo(4);
    assertThat(judges.inconsistent()).isEqualTo(1);
    assertThat(judges.agreement()).isEqualTo(0.75);
    assertThat(judges.verdicts())
        .containsExactly(Map.entry("a", 2L), Map.entry("b", 1L), Map.entry("inconsistent", 1L));
    assertThat(judges.candidatesByJudge())
        .containsEntry("llm_judge", 2L)
        .containsEntry("reward_model", 3L);
    assertThat(judges.keptByJudge())
        .containsEntry("llm_judge", 1L)
        .containsEntry("reward_model", 1L);

    // drop reasons differing only in numbers count as one
    assertThat(ReportFigures.pairDrops(tables::get))
        .containsExactly(
            Map.entry("reward gap <n> < min-margin <n>", 2L),
            Map.entry("llm judge: inconsistent under position swap", 1L));

    DialogueFigures d = ReportFigures.dialogues(tables::get);
    assertThat(d.dialogues()).isEqualTo(3);
    assertThat(d.kept()).isEqualTo(1);
    assertThat(d.byPersona()).containsExactly(Map.entry("concise", 2L), Map.entry("normal", 1L));
    assertThat(d.dropReasons()).containsExactly(Map.entry("reward <n> < min-reward <n>", 2L));
    assertThat(d.reward().count()).isEqualTo(3);
    assertThat(d.reward().max()).isEqualTo(4.8);
  }

  @Test
  void aRunWithoutThoseTablesHasNoFigures() {
    assertThat(ReportFigures.judges(name -> null).judgements()).isZero();
    assertThat(ReportFigures.pairDrops(name -> null)).isEmpty();
    assertThat(ReportFigures.dialogues(name -> null)).isNull();
  }
}
