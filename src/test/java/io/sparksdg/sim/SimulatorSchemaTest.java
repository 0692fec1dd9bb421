package io.sparksdg.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimulatorSchemaTest {

  private static final String NESTED_SCHEMA =
      """
      {
        "type": "object",
        "properties": {
          "topic": {"type": "string"},
          "subtopics": {
            "type": "array",
            "items": {"type": "string"},
            "minItems": 4,
            "maxItems": 4
          },
          "details": {
            "type": "object",
            "properties": {
              "level": {"type": "string", "enum": ["beginner", "intermediate", "advanced"]},
              "count": {"type": "integer", "minimum": 3, "maximum": 7},
              "score": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
              "verified": {"type": "boolean"},
              "questions": {
                "type": "array",
                "items": {
                  "type": "object",
                  "properties": {"question": {"type": "string"}, "hard": {"type": "boolean"}},
                  "required": ["question", "hard"]
                }
              }
            },
            "required": ["level", "count", "score", "verified", "questions"]
          }
        },
        "required": ["topic", "subtopics", "details"]
      }
      """;

  @Test
  void structuredOutputConformsToANestedSchemaOverHttp() throws Exception {
    try (Simulator simulator = Simulator.start(SimulatorOptions.defaults())) {
      ObjectNode body = SimHttp.chatBody("m", "List subtopics of astronomy");
      ObjectNode format = body.putObject("response_format");
      format.put("type", "json_schema");
      format.putObject("json_schema").put("name", "topics").set("schema", schema(NESTED_SCHEMA));

      JsonNode reply = new SimHttp(simulator).chat(body);
      JsonNode value =
          SimHttp.parse(reply.path("choices").get(0).path("message").path("content").asText());

      assertThat(value.path("topic").isTextual()).isTrue();
      assertThat(value.path("topic").asText()).contains("simulated topic");
      JsonNode subtopics = value.path("subtopics");
      assertThat(subtopics.isArray()).isTrue();
      assertThat(subtopics).hasSize(4);
      Set<String> distinct = new HashSet<>();
      subtopics.forEach(item -> distinct.add(item.asText()));
      assertThat(distinct).hasSize(4).allMatch(item -> item.startsWith("simulated subtopic "));
      JsonNode details = value.path("details");
      assertThat(details.path("level").asText()).isIn("beginner", "intermediate", "advanced");
      assertThat(details.path("count").isInt()).isTrue();
      assertThat(details.path("count").asInt()).isBetween(3, 7);
      assertThat(details.path("score").isNumber()).isTrue();
      assertThat(details.path("score").asDouble()).isGreaterThan(0).isLessThanOrEqualTo(1);
      assertThat(details.path("verified").isBoolean()).isTrue();
      assertThat(details.path("questions").size()).isBetween(3, 5);
      for (JsonNode question : details.path("questions")) {
        assertThat(question.path("question").asText()).startsWith("[simulated] ");
        assertThat(question.path("hard").isBoolean()).isTrue();
      }
    }
  }

  @Test
  void fillsASchemaDescribedInThePromptInsideAFencedBlock() throws Exception {
    try (Simulator simulator = Simulator.start(SimulatorOptions.defaults())) {
      String prompt =
          "List 3 subtopics of astronomy.\n\n"
              + InstructModel.SCHEMA_IN_PROMPT
              + io.sparksdg.prompts.ListReplies.schema("subtopics", 3);
      JsonNode reply = new SimHttp(simulator).chat(SimHttp.chatBody("m", prompt));
      String content = reply.path("choices").get(0).path("message").path("content").asText();

      assertThat(content).contains("```json");
      assertThat(io.sparksdg.prompts.ListReplies.parse(content, "subtopics", 3))
          .hasValueSatisfying(items -> assertThat(items).hasSize(3).doesNotHaveDuplicates());
    }
  }

  @Test
  void followsRefsAnyOfAndLengthLimits() {
    JsonNode schema =
        schema(
            """
            {
              "$defs": {"word": {"type": "string", "maxLength": 12}},
              "type": "object",
              "properties": {
                "words": {"type": "array", "items": {"$ref": "#/$defs/word"}, "minItems": 2},
                "maybe": {"anyOf": [{"type": "null"}, {"type": "integer", "maximum": -5}]},
                "tag": {"const": "fixed"},
                "when": {"type": "string", "format": "date"},
                "long": {"type": "string", "minLength": 300}
              }
            }
            """);

    JsonNode value = new SchemaFiller(schema, new SplittableRandom(1), 0, 0).fill();

    assertThat(value.path("words").size()).isBetween(2, 4);
    value.path("words").forEach(word -> assertThat(word.asText()).hasSizeLessThanOrEqualTo(12));
    assertThat(value.path("maybe").isInt()).isTrue();
    assertThat(value.path("maybe").asInt()).isLessThanOrEqualTo(-5);
    assertThat(value.path("tag").asText()).isEqualTo("fixed");
    assertThat(value.path("when").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
    assertThat(value.path("long").asText().length()).isGreaterThanOrEqualTo(300);
  }

  @Test
  void arraysDefaultToThreeToFiveItems() {
    JsonNode schema = schema("{\"type\": \"array\", \"items\": {\"type\": \"string\"}}");
    Set<Integer> sizes = new HashSet<>();
    for (long seed = 0; seed < 50; seed++) {
      sizes.add(new SchemaFiller(schema, new SplittableRandom(seed), 0, 0).fill().size());
    }
    assertThat(sizes).containsExactlyInAnyOrder(3, 4, 5);
  }

  @Test
  void listItemsLookDiverseAcrossRequests() {
    JsonNode schema =
        schema("{\"type\": \"array\", \"items\": {\"type\": \"string\"}, \"minItems\": 10}");
    Set<String> topics = new HashSet<>();
    int total = 0;
    for (long seed = 0; seed < 50; seed++) {
      for (JsonNode item : new SchemaFiller(schema, new SplittableRandom(seed), 0, 0).fill()) {
        topics.add(item.asText().substring(item.asText().indexOf(':') + 1));
        total++;
      }
    }
    assertThat(topics.size()).isGreaterThan(total * 95 / 100);
  }

  @Test
  void repeatRateMakesListItemsDuplicatesOrNearDuplicates() {
    JsonNode schema =
        schema("{\"type\": \"array\", \"items\": {\"type\": \"string\"}, \"minItems\": 40}");

    JsonNode none = new SchemaFiller(schema, new SplittableRandom(3), 0.0, 9).fill();
    JsonNode half = new SchemaFiller(schema, new SplittableRandom(3), 0.5, 9).fill();

    assertThat(normalizedDistinct(none)).isEqualTo(none.size());
    int repeats = half.size() - normalizedDistinct(half);
    assertThat(repeats).isBetween(8, 32);
  }

  @Test
  void repeatsNeverBreakUniqueItems() {
    JsonNode schema =
        schema(
            "{\"type\": \"array\", \"items\": {\"type\": \"string\"}, \"minItems\": 20,"
                + " \"uniqueItems\": true}");

    JsonNode value = new SchemaFiller(schema, new SplittableRandom(4), 1.0, 9).fill();

    Set<String> distinct = new HashSet<>();
    value.forEach(item -> distinct.add(item.asText()));
    assertThat(distinct).hasSize(value.size());
  }

  @Test
  void humanizesAndSingularizesPropertyNames() {
    assertThat(SchemaFiller.humanize("subTopics")).isEqualTo("sub topics");
    assertThat(SchemaFiller.humanize("math_keywords")).isEqualTo("math keywords");
    assertThat(SchemaFiller.singular("categories")).isEqualTo("category");
    assertThat(SchemaFiller.singular("questions")).isEqualTo("question");
    assertThat(SchemaFiller.singular("class")).isEqualTo("class");
  }

  /** Distinct items after lower-casing and dropping punctuation, as a deduplicator would. */
  private static int normalizedDistinct(JsonNode items) {
    List<String> normalized = new ArrayList<>();
    items.forEach(
        item ->
            normalized.add(
                item.asText()
                    .toLowerCase()
                    .replaceAll("[^a-z0-9 ]", "")
                    .replaceAll("\\s+", " ")
                    .strip()));
    return new HashSet<>(normalized).size();
  }

  private static JsonNode schema(String json) {
    return SimHttp.parse(json);
  }
}
