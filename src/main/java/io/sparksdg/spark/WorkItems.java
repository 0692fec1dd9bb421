package io.sparksdg.spark;

import io.sparksdg.io.Tables;
import io.sparksdg.pipeline.GeneratePromptsStage;
import io.sparksdg.pipeline.GenerateResponsesStage;
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

  private WorkItems() {}

  /** A topic row to the request for its questions. */
  static final class TopicRequest implements MapFunction<Row, Row> {
    private final GeneratePromptsStage stage;

    TopicRequest(GeneratePromptsStage stage) {
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
}
