package io.sparksdg.model.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.model.CallStats;
import io.sparksdg.model.Completion;
import org.junit.jupiter.api.Test;

/** A reply's reasoning is kept apart from its answer, whichever way the server sends it. */
class ReasoningReplyTest {

  private static final CallStats STATS = new CallStats(1, 5);

  private static Completion.Choice parse(String message, String finish) throws Exception {
    String body =
        "{\"choices\":[{\"message\":" + message + ",\"finish_reason\":\"" + finish + "\"}]}";
    return ChatReplyParser.parse(body, "m", STATS).value().choices().get(0);
  }

  @Test
  void readsReasoningContent() throws Exception {
    Completion.Choice choice =
        parse(
            "{\"role\":\"assistant\",\"content\":\"42.\",\"reasoning_content\":\"Six times seven.\"}",
            "stop");

    assertThat(choice.text()).isEqualTo("42.");
    assertThat(choice.reasoning()).isEqualTo("Six times seven.");
    assertThat(choice.finishReason()).isEqualTo("stop");
  }

  @Test
  void readsTheReasoningFieldAndAnAnswerlessReasoningReply() throws Exception {
    assertThat(parse("{\"content\":\"Yes.\",\"reasoning\":\"Check.\"}", "stop").reasoning())
        .isEqualTo("Check.");
    // vLLM sends content null when the tokens ran out during the reasoning
    Completion.Choice cut = parse("{\"content\":null,\"reasoning_content\":\"Hmm\"}", "length");
    assertThat(cut.text()).isEmpty();
    assertThat(cut.reasoning()).isEqualTo("Hmm");
  }

  @Test
  void stripsALeadingThinkBlockFromTheAnswer() throws Exception {
    Completion.Choice choice =
        parse("{\"content\":\"\\n<think>\\nFirst, add.\\n</think>\\n\\nThe sum is 4.\"}", "stop");

    assertThat(choice.text()).isEqualTo("The sum is 4.");
    assertThat(choice.reasoning()).isEqualTo("First, add.");
  }

  @Test
  void keepsAnAnswerWithoutReasoningAsItIs() throws Exception {
    Completion.Choice plain = parse("{\"content\":\"Plain <think>x</think> text\"}", "stop");
    assertThat(plain.text()).isEqualTo("Plain <think>x</think> text");
    assertThat(plain.reasoning()).isNull();

    Completion.Choice empty = parse("{\"content\":\"<think></think>Answer\"}", "stop");
    assertThat(empty.text()).isEqualTo("Answer");
    assertThat(empty.reasoning()).isNull();
  }

  @Test
  void anUnclosedThinkBlockIsAllReasoningAndNoAnswer() throws Exception {
    Completion.Choice choice = parse("{\"content\":\"<think>Let me see, first\"}", "length");

    assertThat(choice.text()).isEmpty();
    assertThat(choice.reasoning()).isEqualTo("Let me see, first");
    assertThat(choice.finishReason()).isEqualTo("length");
  }
}
