package io.sparksdg.spark;

import io.sparksdg.io.RecordSchema;
import io.sparksdg.io.Tables;
import io.sparksdg.pipeline.FamilyRequest;
import io.sparksdg.pipeline.GenerateResponsesStage;
import io.sparksdg.pipeline.GenerateSubtopicsStage;
import io.sparksdg.pipeline.KeywordProblemsStage;
import io.sparksdg.pipeline.PromptFamily;
import io.sparksdg.pipeline.PromptRecord;
import io.sparksdg.pipeline.TopicRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Turns committed input rows into work items: one model call each, named by a deterministic {@code
 * work_id} so that a re-run can tell which calls are done.
 */
final class WorkItems {

  static final StructType TOPIC_REQUESTS =
      new StructType()
          .add(ModelStep.WORK_ID, DataTypes.StringType, false)
          .add("topic", Tables.TOPIC.schema(), false);

  static final StructType SAMPLES =
      new StructType()
          .add(ModelStep.WORK_ID, DataTypes.StringType, false)
          .add("prompt", Tables.PROMPT.schema(), false)
          .add("sample_index", DataTypes.IntegerType, false);

  /** A prompt family's work item: its {@link FamilyRequest}, {@code work_id} first. */
  static final RecordSchema<FamilyRequest> FAMILY_REQUEST = RecordSchema.of(FamilyRequest.class);

  private WorkItems() {}

  /** A macro topic row to the request for its subtopics. */
  static final class TopicRequest implements MapFunction<Row, Row> {
    private final GenerateSubtopicsStage stage;

    TopicRequest(GenerateSubtopicsStage stage) {
      this.stage = stage;
    }

    @Override
    public Row call(Row row) {
      TopicRecord topic = Tables.TOPIC.fromRow(row);
      return RowFactory.create(stage.requestId(topic), Tables.TOPIC.toRow(topic));
    }
  }

  /** A prompt row to its {@code per-prompt} samples. */
  static final class Samples implements FlatMapFunction<Row, Row> {
    private final GenerateResponsesStage stage;
    private final int perPrompt;

    Samples(GenerateResponsesStage stage, int perPrompt) {
      this.stage = stage;
      this.perPrompt = perPrompt;
    }

    @Override
    public Iterator<Row> call(Row row) {
      PromptRecord prompt = Tables.PROMPT.fromRow(row);
      Row promptRow = Tables.PROMPT.toRow(prompt);
      List<Row> samples = new ArrayList<>(perPrompt);
      for (int i = 0; i < perPrompt; i++) {
        samples.add(RowFactory.create(stage.responseId(prompt.promptId(), i), promptRow, i));
      }
      return samples.iterator();
    }
  }

  /** Names a family's requests with their deterministic ids. */
  private static Row named(PromptFamily family, FamilyRequest request) {
    return FAMILY_REQUEST.toRow(request.withWorkId(family.requestId(request)));
  }

  /** A topic row to one request per subject (document type), or one when there are none. */
  static final class TopicRequests implements FlatMapFunction<Row, Row> {
    private final PromptFamily family;
    private final List<String> subjects;

    TopicRequests(PromptFamily family, List<String> subjects) {
      this.family = family;
      this.subjects = List.copyOf(subjects);
    }

    @Override
    public Iterator<Row> call(Row row) {
      TopicRecord topic = Tables.TOPIC.fromRow(row);
      List<Row> out = new ArrayList<>();
      if (subjects.isEmpty()) {
        out.add(named(family, FamilyRequest.ofTopic(topic, null)));
      }
      for (String subject : subjects) {
        out.add(named(family, FamilyRequest.ofTopic(topic, subject)));
      }
      return out.iterator();
    }
  }

  /** A keyword row {@code (keyword)} to one request per level. */
  static final class KeywordRequests implements FlatMapFunction<Row, Row> {
    private final PromptFamily family;
    private final List<String> levels;

    KeywordRequests(PromptFamily family, List<String> levels) {
      this.family = family;
      this.levels = List.copyOf(levels);
    }

    @Override
    public Iterator<Row> call(Row row) {
      List<Row> out = new ArrayList<>();
      for (String level : levels) {
        out.add(named(family, KeywordProblemsStage.request(row.getString(0), level)));
      }
      return out.iterator();
    }
  }

  /** A document row {@code (doc_id, doc_text)} to its request. */
  static final class DocumentRequest implements MapFunction<Row, Row> {
    private final PromptFamily family;

    DocumentRequest(PromptFamily family) {
      this.family = family;
    }

    @Override
    public Row call(Row row) {
      return named(
          family,
          new FamilyRequest(
              null, null, null, null, row.getString(0), row.getString(1), null, null));
    }
  }

  /** A prompt row to the request that builds on it (a revision, a second turn). */
  static final class PromptRequest implements MapFunction<Row, Row> {
    private final PromptFamily family;

    PromptRequest(PromptFamily family) {
      this.family = family;
    }

    @Override
    public Row call(Row row) {
      return named(family, FamilyRequest.ofPrompt(Tables.PROMPT.fromRow(row)));
    }
  }
}
