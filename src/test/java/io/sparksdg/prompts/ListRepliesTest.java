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

  // The replies below are SmolLM2-135M-Instruct's, verbatim or trimmed (RealModelIT's model).

  @Test
  void readsListsNumberedInsideASentence() {
    String reply =
        "These are three fruity fruits that are known for their vibrant red color: 1. Blackberry,"
            + " 2. Oranges, 3. Red Currant.";
    assertThat(ListReplies.parse(reply, "items", 3))
        .contains(List.of("Blackberry", "Oranges", "Red Currant"));
    // a decimal or a year is not a number marker
    assertThat(ListReplies.parse("Version 3.5 came out in 1990. 2. Later", "items", 2)).isEmpty();
  }

  @Test
  void readsExactlyNPlainLinesAfterAnIntroduction() {
    String reply =
        "Here are three additional questions that a curious person might ask an AI assistant:\n\n"
            + "Can you tell me what the term \"cosmology\" means?\n"
            + "Can you explain what \"astronomy\" is?\n"
            + "Can you tell me about the different types of astronomy?";
    assertThat(ListReplies.parse(reply, "questions", 3))
        .contains(
            List.of(
                "Can you tell me what the term \"cosmology\" means?",
                "Can you explain what \"astronomy\" is?",
                "Can you tell me about the different types of astronomy?"));
  }

  @Test
  void readsOneLineOfCommaSeparatedPhrases() {
    assertThat(ListReplies.parse("Science, Technology, Art, Health, Society.", "topics", 3))
        .contains(List.of("Science", "Technology", "Art"));
    assertThat(ListReplies.parse("Colors:\nRed; blue, and green", "topics", 3))
        .contains(List.of("Red", "blue", "green"));
  }

  @Test
  void takesTheTopLevelOfANestedList() {
    String reply =
        "1. Python: \n"
            + "- Python is a high-level, versatile, and highly-documented programming language.\n"
            + "- It is widely used in data science, web development and other areas.\n\n"
            + "2. Java:\n"
            + "- Java is a language designed for creating microservices.\n\n"
            + "3. C#:\n"
            + "- C# is a versatile, object-oriented language.\n";
    assertThat(ListReplies.parse(reply, "items", 3)).contains(List.of("Python", "Java", "C#"));
    assertThat(ListReplies.parse("- a\n  - a1\n  - a2\n- b", "items", 2))
        .contains(List.of("a", "b"));
  }

  @Test
  void takesTheBoldTitleOfAnItemWithADescription() {
    String reply =
        "To help you get the best possible night's rest, here are three essential tips:\n\n"
            + "1. **Establish a Routine**: Aim for 7-8 hours of sleep each night.\n\n"
            + "2. **Healthy Diet**: Eating a balanced diet rich in nutrients can support sleep.\n\n"
            + "3. **Physical Activity** - Regular exercise can help improve your sleep quality.";
    assertThat(ListReplies.parse(reply, "items", 3))
        .contains(List.of("Establish a Routine", "Healthy Diet", "Physical Activity"));
  }

  @Test
  void stillRejectsRepliesThatAreNotListsOfN() {
    // a marked list that is too short stays too short, whatever prose follows it
    String twoOfThree =
        "1. Java\n2. Python\n\nThese languages are used for web development, for mobile app"
            + " development, and for scripting languages.";
    assertThat(ListReplies.parse(twoOfThree, "items", 3)).isEmpty();
    // "and" before an item that is not the last: prose, not a list
    assertThat(
            ListReplies.parse(
                "Ares Olympetes, Elon Musk, and Elon Musk, the visionary entrepreneur and futurist.",
                "items",
                3))
        .isEmpty();
    // a sentence with commas is not a list
    assertThat(
            ListReplies.parse(
                "Dulce de Honros: 2\n\nThese are some of the most commonly used colors in design,"
                    + " often inspired by nature, such as blue, green, and red.",
                "items",
                4))
        .isEmpty();
    // an introduction and one question is not two questions
    assertThat(
            ListReplies.parse(
                "When asked \"Which dish is best for breakfast?\", the first question is:\n\n"
                    + "What is the best dish to eat for breakfast?",
                "questions",
                2))
        .isEmpty();
    // more plain lines than asked for: no telling the list from the prose around it
    assertThat(ListReplies.parse("Science, art\nThe first one.\nMore text.\nEnd.", "t", 3))
        .isEmpty();
    // JSON with too few items is not read any other way
    assertThat(ListReplies.parse("{\"t\": [\"a\", \"a\"]}", "t", 2)).isEmpty();
  }
}
