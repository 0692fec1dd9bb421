package io.sparksdg.spark.tables;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.model.Message;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.ResponseRecord;
import io.sparksdg.records.ScoreRecord;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RecordSchemaTest {

  @Test
  void derivesSnakeCaseColumnsInDeclarationOrder() {
    assertThat(Tables.PROMPT.schema().fieldNames())
        .containsExactly(
            "prompt_id",
            "source_id",
            "task",
            "messages",
            "topic",
            "parent_id",
            "template_id",
            "template_version",
            "model",
            "answer_key",
            "sampling",
            "seed",
            "topic_id",
            "subtopic_id",
            "document_id",
            "level",
            "instructions");
    assertThat(Tables.SCORE.schema().fieldNames())
        .contains("helpfulness", "correctness", "coherence", "complexity", "verbosity", "reward");
    assertThat(Tables.FAILURE.schema().fieldNames())
        .startsWith(
            "record_id", "prompt_id", "stage", "error_class", "http_status", "attempts", "message");
    assertThat(Tables.SCORE.schema().apply("helpfulness").nullable()).isTrue();
    assertThat(Tables.SCORE.schema().apply("reward").nullable()).isFalse();
  }

  @Test
  void roundTripsRecordsThroughRows() {
    PromptRecord prompt =
        new PromptRecord(
            "p",
            null,
            "open_qa",
            List.of(Message.system("s"), Message.user("u")),
            "t",
            "parent",
            "tpl",
            2,
            "m",
            null,
            "t=0.7",
            7L,
            "topic",
            "sub",
            "doc",
            "beginner",
            "[]");
    Row row = Tables.PROMPT.toRow(prompt);
    Row withSchema = new GenericRowWithSchema(toArray(row), Tables.PROMPT.schema());
    assertThat(Tables.PROMPT.fromRow(withSchema)).isEqualTo(prompt);

    ScoreRecord score =
        new ScoreRecord(
            "r", "p", null, null, null, null, null, 1.5, "j", "reward:1.5", 12, 1, 0.25, 1, 2);
    Row scoreRow =
        new GenericRowWithSchema(toArray(Tables.SCORE.toRow(score)), Tables.SCORE.schema());
    assertThat(Tables.SCORE.fromRow(scoreRow)).isEqualTo(score);
  }

  @Test
  void aResponseRowWrittenBeforeTheReasoningColumnsReadsWithoutReasoning() {
    ResponseRecord response =
        new ResponseRecord("r", "p", 0, "m", "answer", "stop", 3, 4, null, 1, 5);
    Row full = Tables.RESPONSE.toRow(response);
    int old = Tables.RESPONSE.schema().size() - 2; // without reasoning, reasoning_mode
    Object[] values = java.util.Arrays.copyOf(toArray(full), old);
    StructType oldSchema =
        new StructType(java.util.Arrays.copyOf(Tables.RESPONSE.schema().fields(), old));
    assertThat(Tables.RESPONSE.schema().fieldNames()).endsWith("reasoning", "reasoning_mode");

    assertThat(Tables.RESPONSE.fromRow(new GenericRowWithSchema(values, oldSchema)))
        .isEqualTo(response);
  }

  @Test
  void aNullInANonNullColumnNamesTheColumnAndTheFix() {
    ScoreRecord score =
        new ScoreRecord("r", "p", 1.0, 2.0, 3.0, 4.0, 5.0, 0.5, "m", "raw", 10, 2, null, 1, 40);
    Object[] values = toArray(Tables.SCORE.toRow(score));
    values[java.util.Arrays.asList(Tables.SCORE.schema().fieldNames()).indexOf("prompt_tokens")] =
        null;

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Tables.SCORE.fromRow(new GenericRowWithSchema(values, Tables.SCORE.schema())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Column prompt_tokens of a ScoreRecord is null")
        .hasMessageContaining("new --out");
  }

  private static Object[] toArray(Row row) {
    Object[] values = new Object[row.length()];
    for (int i = 0; i < values.length; i++) {
      Object v = row.get(i);
      if (v instanceof scala.collection.Seq<?> seq) {
        // Nested rows as Spark hands them back: with their schema.
        v =
            scala.jdk.javaapi.CollectionConverters.asScala(
                    scala.jdk.javaapi.CollectionConverters.asJava(seq).stream()
                        .map(
                            m ->
                                (Object)
                                    new GenericRowWithSchema(
                                        toArray((Row) m), RecordSchema.MESSAGE))
                        .toList())
                .toSeq();
      }
      values[i] = v;
    }
    return values;
  }
}
