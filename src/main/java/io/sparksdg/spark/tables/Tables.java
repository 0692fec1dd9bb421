package io.sparksdg.spark.tables;

import io.sparksdg.records.DialogueRecord;
import io.sparksdg.records.FailureRecord;
import io.sparksdg.records.JudgementRecord;
import io.sparksdg.records.KeywordRecord;
import io.sparksdg.records.PairCandidateRecord;
import io.sparksdg.records.PreferenceRecord;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.ResponseRecord;
import io.sparksdg.records.SafetyRecord;
import io.sparksdg.records.ScoreRecord;
import io.sparksdg.records.SftRecord;
import io.sparksdg.records.TopicRecord;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The output tables: their names, row records and Parquet schemas. */
public final class Tables {

  public static final String TOPICS = "topics";
  public static final String PROMPTS = "prompts";
  public static final String RESPONSES = "responses";
  public static final String SCORES = "scores";
  public static final String SFT = "sft";
  public static final String PREFERENCES = "preferences";
  public static final String FAILURES = "failures";
  public static final String DIALOGUES = "dialogues";
  public static final String JUDGEMENTS = "judgements";
  public static final String PAIR_CANDIDATES = "pair_candidates";

  /** The column of lineage tables that names the weak-to-strong round that wrote the row. */
  public static final String ROUND = "round";

  public static final String DUPLICATES = "duplicates";
  public static final String SAFETY = "safety";

  /** Verdicts of the math and Python keyword classifier (when switched on). */
  public static final String KEYWORDS = "keywords";

  /** Prompts cut by {@code prompts.mix} (when set). */
  public static final String MIX_CUTS = "mix_cuts";

  /** The column every row carries: the fingerprint of the run configuration that made it. */
  public static final String FINGERPRINT = "run_fingerprint";

  public static final RecordSchema<TopicRecord> TOPIC = RecordSchema.of(TopicRecord.class);
  public static final RecordSchema<PromptRecord> PROMPT = RecordSchema.of(PromptRecord.class);
  public static final RecordSchema<ResponseRecord> RESPONSE = RecordSchema.of(ResponseRecord.class);
  public static final RecordSchema<ScoreRecord> SCORE = RecordSchema.of(ScoreRecord.class);
  public static final RecordSchema<SftRecord> SFT_ROW = RecordSchema.of(SftRecord.class);
  public static final RecordSchema<PreferenceRecord> PREFERENCE =
      RecordSchema.of(PreferenceRecord.class);
  public static final RecordSchema<FailureRecord> FAILURE = RecordSchema.of(FailureRecord.class);
  public static final RecordSchema<DialogueRecord> DIALOGUE = RecordSchema.of(DialogueRecord.class);
  public static final RecordSchema<JudgementRecord> JUDGEMENT =
      RecordSchema.of(JudgementRecord.class);
  public static final RecordSchema<PairCandidateRecord> PAIR_CANDIDATE =
      RecordSchema.of(PairCandidateRecord.class);
  public static final RecordSchema<SafetyRecord> SAFETY_ROW = RecordSchema.of(SafetyRecord.class);
  public static final RecordSchema<KeywordRecord> KEYWORD = RecordSchema.of(KeywordRecord.class);

  private Tables() {}

  /**
   * The schema of a model-calling stage's staged output: per unit of work either {@code ok} (a row
   * of the stage's table) or {@code failure}, never both.
   */
  public static StructType outcome(RecordSchema<?> ok) {
    return new StructType().add("ok", ok.schema(), true).add("failure", FAILURE.schema(), true);
  }

  /** {@link #outcome} with the input line number, for imports. */
  public static StructType numberedOutcome(RecordSchema<?> ok) {
    return outcome(ok).add("line", DataTypes.LongType, false);
  }

  /** The columns of {@code schema}'s table in {@code data}, in the table's order, and no others. */
  public static Dataset<Row> columnsOf(RecordSchema<?> schema, Dataset<Row> data) {
    return data.select(
        Arrays.stream(schema.schema().fieldNames()).map(data::col).toArray(Column[]::new));
  }
}
