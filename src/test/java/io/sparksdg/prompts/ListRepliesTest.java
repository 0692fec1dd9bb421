package io.sparksdg.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListRepliesTest {

  @Test
  void schemaAsksForExactlyNStrings() throws Exception {
    JsonNode schema = new ObjectMapper().readTree(ListReplies.schema("topics", 4));
    assertThat(schema.at("/properties/topics/minItems").asInt()).isEqualTo(4);
    assertThat(schema.at("/properties/topics/maxItems").asInt()).isEqualTo(4);
    assertThat(schema.at("/properties/topics/items/type").asText()).isEqualTo("string");
    assertThat(schema.at("/required/0").asText()).isEqualTo("topics");
  }

  @Test
  void readsStructuredOutput() {
    assertThat(ListReplies.parse("{\"topics\": [\"a\", \"b\", \"c\"]}", "topics", 3))
        .contains(List.of("a", "b", "c"));
  }

  @Test
  void readsJsonInsideProseAndFences() {
    String reply = "Sure! Here you go:\n```json\n{\"topics\": [\"Space\", \"Food\"]}\n```\nEnjoy.";
    assertThat(ListReplies.parse(reply, "topics", 2)).contains(List.of("Space", "Food"));
    assertThat(ListReplies.parse("Topics: [\"x\", \"y\"]", "topics", 2))
        .contains(List.of("x", "y"));
  }

  @Test
  void readsNumberedAndBulletedLists() {
    String numbered = "Here are some:\n1. Astronomy\n2) **Cooking**\n3: \"Law\"\n";
    assertThat(ListReplies.parse(numbered, "topics", 3))
        .contains(List.of("Astronomy", "Cooking", "Law"));
    assertThat(ListReplies.parse("- one\n* two\n• three", "topics", 3))
        .contains(List.of("one", "two", "three"));
  }

  @Test
  void takesTheFirstNDistinctItemsAndRejectsShortLists() {
    assertThat(ListReplies.parse("{\"t\": [\"a\", \"A\", \"b\", \"c\"]}", "t", 2))
        .contains(List.of("a", "b"));
    assertThat(ListReplies.parse("{\"t\": [\"a\", \"a\"]}", "t", 2)).isEmpty();
    assertThat(ListReplies.parse("no list here", "t", 1)).isEmpty();
    assertThat(ListReplies.parse(null, "t", 1)).isEmpty();
  }
}
