package io.sparksdg.spark.exec;

import io.sparksdg.records.JudgementRecord;
import io.sparksdg.records.PairCandidateRecord;
import io.sparksdg.records.PreferenceRecord;
import io.sparksdg.records.ScoredResponse;
import io.sparksdg.records.SftRecord;
import io.sparksdg.spark.tables.Outcomes;
import io.sparksdg.spark.tables.Rows;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.curation.FilterDecision;
import io.sparksdg.stages.curation.PairPreferencesStage;
import io.sparksdg.stages.curation.QualityFilter;
import io.sparksdg.stages.curation.SafetyPolicy;
import io.sparksdg.stages.prompts.ImportPromptsStage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * The executor functions that call no model: rows to records, a plain-Java stage, records back to
 * rows, columns read by name.
 */
public final class RecordFunctions {

  /** Schema of pairing output: a candidate and, when kept, its preference row. */
  public static final StructType PAIRING =
      new StructType()
          .add("candidate", Tables.PAIR_CANDIDATE.schema(), false)
          .add("preference", Tables.PREFERENCE.schema(), true);

  /** Columns of the scored rows that carry the guard's verdicts (null when screening is off). */
  public static final String PROMPT_SAFETY = "prompt_safety";

  public static final String RESPONSE_SAFETY = "response_safety";

  private RecordFunctions() {}

  /** Rows {@code (value, line)} of an imported JSONL file to {@code (ok, failure, line)}. */
  public static final class ImportPrompts implements MapPartitionsFunction<Row, Row> {
    private final ImportPromptsStage stage;

    public ImportPrompts(ImportPromptsStage stage) {
      this.stage = stage;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      return Iterators.map(
          rows,
          row -> {
            long line = Rows.longValue(row, "line");
            String value = Rows.string(row, "value");
            return Outcomes.toRow(stage.parse(value, line), Tables.PROMPT, line);
          });
    }
  }

  /**
   * Rows {@code (prompt, response, score, prompt_safety, response_safety)} to SFT rows, for those
   * the quality filter and the safety policy keep.
   */
  public static final class FilterSft implements MapPartitionsFunction<Row, Row> {
    private final QualityFilter filter;
    private final SafetyPolicy safety;

    public FilterSft(QualityFilter filter, SafetyPolicy safety) {
      this.filter = filter;
      this.safety = safety;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      List<Row> kept = new ArrayList<>();
      while (rows.hasNext()) {
        Row row = rows.next();
        ScoredResponse r = scored(row);
        String promptSafety = Rows.stringOrNull(row, PROMPT_SAFETY);
        String responseSafety = Rows.stringOrNull(row, RESPONSE_SAFETY);
        if (filter.decide(r.score()) instanceof FilterDecision.Keep
            && safety.sftDropReason(promptSafety, responseSafety) == null) {
          kept.add(Tables.SFT_ROW.toRow(SftRecord.of(r).withSafety(promptSafety, responseSafety)));
        }
      }
      return kept.iterator();
    }
  }

  /** Kept dialogues (with the guard's {@code prompt_safety}, when screened) to SFT rows. */
  public static final class DialogueSft implements MapPartitionsFunction<Row, Row> {
    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      return Iterators.map(
          rows,
          row ->
              Tables.SFT_ROW.toRow(
                  Tables.DIALOGUE
                      .fromRow(row)
                      .toSft()
                      .withSafety(Rows.stringOrNull(row, PROMPT_SAFETY), null)));
    }
  }

  /**
   * The scored responses {@code (prompt, response, score)} of one prompt and its LLM judgements to
   * pair candidates, each with its preference row when kept.
   */
  public static final class PairPreferences implements CoGroupFunction<String, Row, Row, Row> {
    private final PairPreferencesStage stage;

    public PairPreferences(PairPreferencesStage stage) {
      this.stage = stage;
    }

    @Override
    public Iterator<Row> call(String promptId, Iterator<Row> scoredRows, Iterator<Row> judged) {
      List<ScoredResponse> responses = new ArrayList<>();
      Map<String, String> safety = new HashMap<>();
      String promptSafety = null;
      while (scoredRows.hasNext()) {
        Row row = scoredRows.next();
        ScoredResponse r = scored(row);
        responses.add(r);
        promptSafety = Rows.stringOrNull(row, PROMPT_SAFETY);
        safety.put(r.response().responseId(), Rows.stringOrNull(row, RESPONSE_SAFETY));
      }
      if (responses.isEmpty()) {
        return Collections.emptyIterator();
      }
      List<JudgementRecord> judgements = new ArrayList<>();
      judged.forEachRemaining(row -> judgements.add(Tables.JUDGEMENT.fromRow(row)));
      PairPreferencesStage.Pairing pairing =
          stage.pair(
              new PairPreferencesStage.Group(
                  responses.get(0).prompt(), responses, judgements, promptSafety, safety));
      Map<String, PreferenceRecord> kept = new HashMap<>();
      pairing.preferences().forEach(p -> kept.put(p.pairId(), p));
      List<Row> out = new ArrayList<>();
      for (PairCandidateRecord c : pairing.candidates()) {
        PreferenceRecord p = c.kept() ? kept.get(c.pairId()) : null;
        out.add(
            RowFactory.create(
                Tables.PAIR_CANDIDATE.toRow(c), p == null ? null : Tables.PREFERENCE.toRow(p)));
      }
      return out.iterator();
    }
  }

  /** A scored row {@code (prompt, response, score, ...)} as its records. */
  public static ScoredResponse scored(Row row) {
    return new ScoredResponse(
        Tables.PROMPT.fromRow(Rows.struct(row, "prompt")),
        Tables.RESPONSE.fromRow(Rows.struct(row, "response")),
        Tables.SCORE.fromRow(Rows.struct(row, "score")));
  }
}
