package io.sparksdg.model.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparksdg.model.CallStats;
import io.sparksdg.model.Completion;
import io.sparksdg.model.Usage;
import org.junit.jupiter.api.Test;

class ChatReplyParserTest {

  private static final CallStats STATS = new CallStats(1, 5);

  @Test
  void joinsContentParts() throws Exception {
    String body =
        "{\"choices\":[{\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"Hel\"},"
            + "{\"type\":\"text\",\"text\":\"lo\"}]},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":3}}";

    Reply<Completion> reply = ChatReplyParser.parse(body, "default", STATS);

    assertThat(reply.value().text()).isEqualTo("Hello");
    assertThat(reply.value().model()).isEqualTo("default");
    assertThat(reply.value().stats()).isEqualTo(STATS);
    assertThat(reply.usage()).isEqualTo(new Usage(3, 0));
  }

  @Test
  void rejectsAChoiceWithoutContent() {
    String body = "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null}}]}";

    assertThatThrownBy(() -> ChatReplyParser.parse(body, "m", STATS))
        .isInstanceOf(MalformedReplyException.class)
        .hasMessage("choices[0] has no message content");
    assertThatThrownBy(() -> ChatReplyParser.parse("{\"choices\":{}}", "m", STATS))
        .hasMessage("the reply has no choices");
  }
}
