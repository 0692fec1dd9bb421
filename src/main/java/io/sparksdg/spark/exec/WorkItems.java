package io.sparksdg.spark.exec;

import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.ResponseRecord;
import io.sparksdg.records.TopicRecord;
import io.sparksdg.spark.tables.RecordSchema;
import io.sparksdg.spark.tables.Rows;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.curation.PairPreferencesStage;
import io.sparksdg.stages.judging.JudgePairsStage;
import io.sparksdg.stages.prompts.ClassifyKeywordsStage;
import io.sparksdg.stages.prompts.FamilyRequest;
import io.sparksdg.stages.prompts.GenerateSubtopicsStage;
import io.sparksdg.stages.prompts.KeywordProblemsStage;
import io.sparksdg.stages.prompts.PromptFamily;
import io.sparksdg.stages.responses.GenerateDialoguesStage;
import io.sparksdg.stages.responses.GenerateResponsesStage;
import io.sparksdg.stages.responses.GeneratorChoice;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Turns committed input rows into work items: one model call each, named by a deterministic {@code
 * work_id} so that a re-run can tell which calls are done.
 */
public final class WorkItems {

  public static final StructType TOPIC_REQUESTS =
      new StructType()
          .add(ModelCalls.WORK_ID, DataTypes.StringType, false)
          .add("topic", Tables.TOPIC.schema(), false);

  public static final StructType SAMPLES =
      new StructType()
          .add(ModelCalls.WORK_ID, DataTypes.StringType, false)
          .add("prompt", Tables.PROMPT.schema(), false)
          .add("sample_index", DataTypes.IntegerType, false)
          .add("generator", DataTypes.StringType, false)
          .add("reasoning_mode", DataTypes.StringType, true)
          .add("pairing_group", DataTypes.StringType, false);

  public static final StructType DIALOGUES =
      new StructType()
          .add(ModelCalls.WORK_ID, DataTypes.StringType, false)
          .add("prompt", Tables.PROMPT.schema(), false)
          .add("index", DataTypes.IntegerType, false);

  public static final StructType JUDGE_PAIRS =
      new StructType()
          .add(ModelCalls.WORK_ID, DataTypes.StringType, false)
          .add("prompt", Tables.PROMPT.schema(), false)
          .add("a", Tables.RESPONSE.schema(), false)
          .add("b", Tables.RESPONSE.schema(), false);

  public static final StructType KEYWORD_CLASSIFICATIONS =
      new StructType()
          .add(ModelCalls.WORK_ID, DataTypes.StringType, false)
          .add("keyword", DataTypes.StringType, false);

  /** A prompt family's work item: its {@link FamilyRequest}, {@code work_id} first. */
  public static final RecordSchema<FamilyRequest> FAMILY_REQUEST =
      RecordSchema.of(FamilyRequest.class);

  private WorkItems() {}

  /** A macro topic row to the request for its subtopics. */
  public static final class TopicRequest implements MapFunction<Row, Row> {
    private final GenerateSubtopicsStage stage;

    public TopicRequest(GenerateSubtopicsStage stage) {
      this.stage = stage;
    }

    @Override
    public Row call(Row row) {
      TopicRecord topic = Tables.TOPIC.fromRow(row);
      return RowFactory.create(stage.requestId(topic), Tables.TOPIC.toRow(topic));
    }
  }

  /**
   * A prompt row to its {@code per-prompt} samples in each of its reasoning modes, each from its
   * chosen generator; {@code pairing_group} names the samples that are paired with each other (the
   * prompt's, in one mode).
   */
  public static final class Samples implements FlatMapFunction<Row, Row> {
    private final GeneratorChoice choice;
    private final Map<String, GenerateResponsesStage> stages;
    private final int perPrompt;

    public Samples(
        GeneratorChoice choice, Map<String, GenerateResponsesStage> stages, int perPrompt) {
      this.choice = choice;
      this.stages = Map.copyOf(stages);
      this.perPrompt = perPrompt;
    }

    @Override
    public Iterator<Row> call(Row row) {
      return of(choice, stages, Tables.PROMPT.fromRow(row), perPrompt).iterator();
    }

    /** The work rows of a prompt's first {@code n} samples, in each of its reasoning modes. */
    public static List<Row> of(
        GeneratorChoice choice,
        Map<String, GenerateResponsesStage> stages,
        PromptRecord prompt,
        long n) {
      Row promptRow = Tables.PROMPT.toRow(prompt);
      List<Row> samples = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String generator = choice.pick(prompt.promptId(), i);
        GenerateResponsesStage stage = stages.get(generator);
        for (String mode : stage.modesOf(prompt)) {
          samples.add(
              RowFactory.create(
                  stage.responseId(prompt.promptId(), i, mode),
                  promptRow,
                  i,
                  generator,
                  mode,
                  ResponseRecord.pairingGroup(prompt.promptId(), mode)));
        }
      }
      return samples;
    }
  }

  /** A prompt row to its {@code dialogues.per-prompt} dialogues. */
  public static final class Dialogues implements FlatMapFunction<Row, Row> {
    private final GenerateDialoguesStage stage;
    private final int perPrompt;

    public Dialogues(GenerateDialoguesStage stage, int perPrompt) {
      this.stage = stage;
      this.perPrompt = perPrompt;
    }

    @Override
    public Iterator<Row> call(Row row) {
      PromptRecord prompt = Tables.PROMPT.fromRow(row);
      Row promptRow = Tables.PROMPT.toRow(prompt);
      List<Row> items = new ArrayList<>(perPrompt);
      for (int i = 0; i < perPrompt; i++) {
        items.add(RowFactory.create(stage.dialogueId(prompt.promptId(), i), promptRow, i));
      }
      return items.iterator();
    }
  }

  /**
   * The scored rows {@code (prompt, response, score)} of one prompt to the pairs the LLM judge is
   * asked about, when the LLM judge is the one that decides for this prompt.
   */
  public static final class JudgePairs implements FlatMapGroupsFunction<String, Row, Row> {
    private final PairPreferencesStage pairing;
    private final JudgePairsStage judge;

    public JudgePairs(PairPreferencesStage pairing, JudgePairsStage judge) {
      this.pairing = pairing;
      this.judge = judge;
    }

    @Override
    public Iterator<Row> call(String promptId, Iterator<Row> rows) {
      PromptRecord prompt = null;
      List<ResponseRecord> responses = new ArrayList<>();
      while (rows.hasNext()) {
        Row row = rows.next();
        prompt = Tables.PROMPT.fromRow(Rows.struct(row, "prompt"));
        responses.add(Tables.RESPONSE.fromRow(Rows.struct(row, "response")));
      }
      List<Row> items = new ArrayList<>();
      if (prompt == null || !pairing.pairJudgeDecides(prompt)) {
        return items.iterator();
      }
      for (JudgePairsStage.Item item : JudgePairsStage.pairs(prompt, responses)) {
        items.add(
            RowFactory.create(
                judge.judgementId(item.a().responseId(), item.b().responseId()),
                Tables.PROMPT.toRow(item.prompt()),
                Tables.RESPONSE.toRow(item.a()),
                Tables.RESPONSE.toRow(item.b())));
      }
      return items.iterator();
    }
  }

  /** A keyword row {@code (keyword)} to the question whether it belongs to the family. */
  public static final class KeywordClassification implements MapFunction<Row, Row> {
    private final ClassifyKeywordsStage stage;

    public KeywordClassification(ClassifyKeywordsStage stage) {
      this.stage = stage;
    }

    @Override
    public Row call(Row row) {
      String keyword = Rows.string(row, "keyword");
      return RowFactory.create(stage.keywordId(keyword), keyword);
    }
  }

  /**
   * A row to the requests a prompt family makes of it, each named by its deterministic id: one
   * function for every family, whatever its requests are made from.
   */
  public static final class FamilyRequests implements FlatMapFunction<Row, Row> {

    /** The requests of one input row. */
    @FunctionalInterface
    interface Expand extends Serializable {
      List<FamilyRequest> requests(Row row);
    }

    private final PromptFamily family;
    private final Expand expand;

    private FamilyRequests(PromptFamily family, Expand expand) {
      this.family = family;
      this.expand = expand;
    }

    /** A topic row to one request per subject (document type), or one when there are none. */
    public static FamilyRequests ofTopics(PromptFamily family, List<String> subjects) {
      List<String> each = List.copyOf(subjects);
      return new FamilyRequests(
          family,
          row -> {
            TopicRecord topic = Tables.TOPIC.fromRow(row);
            if (each.isEmpty()) {
              return List.of(FamilyRequest.ofTopic(topic, null));
            }
            return each.stream().map(s -> FamilyRequest.ofTopic(topic, s)).toList();
          });
    }

    /** A keyword row {@code (keyword)} to one request per level. */
    public static FamilyRequests ofKeywords(PromptFamily family, List<String> levels) {
      List<String> each = List.copyOf(levels);
      return new FamilyRequests(
          family,
          row ->
              each.stream()
                  .map(level -> KeywordProblemsStage.request(Rows.string(row, "keyword"), level))
                  .toList());
    }

    /** A document row {@code (doc_id, doc_text)} to its request. */
    public static FamilyRequests ofDocuments(PromptFamily family) {
      return new FamilyRequests(
          family,
          row ->
              List.of(
                  FamilyRequest.ofDocument(
                      Rows.string(row, "doc_id"), Rows.string(row, "doc_text"))));
    }

    /** A prompt row to the request that builds on it (a revision, a second turn). */
    public static FamilyRequests ofPrompts(PromptFamily family) {
      return new FamilyRequests(
          family, row -> List.of(FamilyRequest.ofPrompt(Tables.PROMPT.fromRow(row))));
    }

    @Override
    public Iterator<Row> call(Row row) {
      List<Row> out = new ArrayList<>();
      for (FamilyRequest request : expand.requests(row)) {
        out.add(FAMILY_REQUEST.toRow(request.withWorkId(family.requestId(request))));
      }
      return out.iterator();
    }
  }
}
