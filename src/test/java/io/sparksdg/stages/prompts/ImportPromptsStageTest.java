package io.sparksdg.stages.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.model.Message;
import io.sparksdg.records.FailureRecord;
import io.sparksdg.records.Ids;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import org.junit.jupiter.api.Test;

class ImportPromptsStageTest {

  private final ImportPromptsStage stage = new ImportPromptsStage(100);

  @Test
  void readsAPromptAsOneUserMessage() {
    Outcome<PromptRecord> outcome = stage.parse("{\"id\": \"a-1\", \"prompt\": \"Why?\"}", 1);
    PromptRecord prompt = ((Outcome.Ok<PromptRecord>) outcome).value();
    assertThat(prompt.sourceId()).isEqualTo("a-1");
    assertThat(prompt.task()).isEqualTo("imported");
    assertThat(prompt.messages()).containsExactly(Message.user("Why?"));
    assertThat(prompt.promptId()).isEqualTo(Ids.of("import", "a-1", "Why?")).hasSize(32);
  }

  @Test
  void numericIdsAreAccepted() {
    assertThat(stage.parse("{\"id\": 7, \"prompt\": \"Why?\"}", 1)).isInstanceOf(Outcome.Ok.class);
  }

  private String reason(String line) {
    Outcome<PromptRecord> outcome = stage.parse(line, 3);
    assertThat(outcome).isInstanceOf(Outcome.Failed.class);
    FailureRecord failure = ((Outcome.Failed<PromptRecord>) outcome).failure();
    assertThat(failure.errorClass()).isEqualTo("invalid_input");
    assertThat(failure.stage()).isEqualTo("prompts");
    return failure.recordId() + " | " + failure.message();
  }

  @Test
  void badLinesBecomeFailuresWithTheirReason() {
    assertThat(reason("not json")).startsWith("line:3 | line 3 is not a JSON object");
    assertThat(reason("[1, 2]")).isEqualTo("line:3 | line 3 is not a JSON object");
    assertThat(reason("{\"prompt\": \"hi\"}")).isEqualTo("line:3 | line 3 has no \"id\"");
    assertThat(reason("{\"id\": \"x\", \"prompt\": \"  \"}"))
        .contains("prompt 'x' (line 3) is empty");
    assertThat(reason("{\"id\": \"x\"}")).contains("prompt 'x' (line 3) is empty or not a string");
    assertThat(reason("{\"id\": \"x\", \"prompt\": \"" + "a".repeat(101) + "\"}"))
        .contains("has 101 characters, over prompts.max-chars=100");
    assertThat(reason("{\"id\": \"x\", \"prompt\": \"bad \uFFFD byte\"}"))
        .contains("invalid UTF-8");
  }
}
