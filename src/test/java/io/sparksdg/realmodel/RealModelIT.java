package io.sparksdg.realmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sparksdg.config.EndpointConfig;
import io.sparksdg.config.EndpointKind;
import io.sparksdg.model.ChatClient;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.Completion;
import io.sparksdg.model.Message;
import io.sparksdg.model.Sampling;
import io.sparksdg.model.http.HttpModelClients;
import io.sparksdg.prompts.ListReplies;
import io.sparksdg.prompts.PromptTemplate;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.ResponseRecord;
import io.sparksdg.records.TopicRecord;
import io.sparksdg.stages.prompts.GeneratePromptsStage;
import io.sparksdg.stages.prompts.GenerateTopicsStage;
import io.sparksdg.stages.responses.GenerateResponsesStage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The chat client and the generation stages against a real small model (SmolLM2-135M-Instruct on
 * llama.cpp's llama-server, see {@code submit/real-model.sh}) at {@code $SDG_REAL_MODEL_URL}.
 *
 * <p>Tagged {@code real-model}: the default build leaves it out, because installing the server
 * compiles llama.cpp for far longer than CI can spend. Run it with
 *
 * <pre>
 * export SDG_REAL_MODEL_URL=$(submit/real-model.sh start)
 * ./mvnw -B verify -Preal-model -Dit.test=RealModelIT
 * submit/real-model.sh stop
 * </pre>
 *
 * <p>The model is tiny, so assertions are about form (shape, counts, schema conformance), and about
 * content only where even this model is reliable. What the model wrote, and how fast, goes to
 * {@code target/real-model/transcript.md}.
 */
@Tag("real-model")
class RealModelIT {

  private static final Path TRANSCRIPT = Path.of("target/real-model/transcript.md");
  private static final JsonMapper JSON = new JsonMapper();
  private static final long TIMEOUT_S = 300;

  private static ChatClient client;

  @BeforeAll
  static void server() {
    String url = System.getenv("SDG_REAL_MODEL_URL");
    if (url == null || url.isBlank()) {
      fail(
          "SDG_REAL_MODEL_URL is not set: run 'export SDG_REAL_MODEL_URL=$(submit/real-model.sh"
              + " start)' first (the first start compiles llama-server, which takes many minutes)");
    }
    try {
      Files.createDirectories(TRANSCRIPT.getParent());
      Files.writeString(TRANSCRIPT, "# RealModelIT at " + url + "\n\n");
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write " + TRANSCRIPT, e);
    }
    HttpModelClients.resetForTests();
    client =
        HttpModelClients.chat(
            "real",
            EndpointConfig.builder()
                .baseUrl(url)
                .model("smollm2-135m-instruct")
                .kind(EndpointKind.CHAT)
                .maxConcurrency(4)
                .timeout(Duration.ofSeconds(TIMEOUT_S))
                .maxAttempts(2)
                .build());
  }

  private static Completion complete(ChatRequest request) throws Exception {
    long start = System.nanoTime();
    Completion completion = client.complete(request).get(TIMEOUT_S, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    note(
        String.format(
            "%d choice(s), %d completion tokens in %.2f s (%.1f tokens/s, prompt included)%n%n%s",
            completion.choices().size(),
            completion.usage().completionTokens(),
            seconds,
            completion.usage().completionTokens() / seconds,
            quote(request.messages().get(request.messages().size() - 1).content())));
    for (Completion.Choice choice : completion.choices()) {
      note("> reply (" + choice.finishReason() + "):\n\n" + quote(choice.text()));
    }
    return completion;
  }

  private static synchronized void note(String text) {
    try {
      Files.writeString(
          TRANSCRIPT, text + "\n\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write " + TRANSCRIPT, e);
    }
  }

  private static String quote(String text) {
    return "    " + text.replace("\n", "\n    ");
  }

  private static ChatRequest ask(String question, Sampling sampling) {
    return ChatRequest.of(List.of(Message.user(question)), sampling);
  }

  @Test
  void answersAPlainQuestionInWords() throws Exception {
    Completion completion =
        complete(
            ask(
                "What is the capital of France? Answer in one sentence.",
                new Sampling(0.0, null, 48, 1L)));

    assertThat(completion.text()).containsIgnoringCase("Paris");
    assertThat(completion.finishReason()).isIn("stop", "length");
    assertThat(completion.usage().promptTokens()).isPositive();
    assertThat(completion.usage().completionTokens()).isBetween(1L, 48L);
    assertThat(completion.model()).isNotBlank();
    assertThat(completion.stats().attempts()).isEqualTo(1);
  }

  @Test
  void maxTokensCutsTheAnswerWithFinishReasonLength() throws Exception {
    Completion completion =
        complete(
            ask("Write a long story about a lighthouse keeper.", new Sampling(0.7, null, 8, 3L)));

    assertThat(completion.finishReason()).isEqualTo("length");
    assertThat(completion.usage().completionTokens()).isEqualTo(8);
  }

  @Test
  void nGreaterThanOneReturnsThatManyChoices() throws Exception {
    ChatRequest request =
        new ChatRequest(
            List.of(Message.user("Suggest a name for a pet cat. Give only the name.")),
            new Sampling(1.0, 0.95, 16, 7L),
            3,
            null);

    Completion completion = complete(request);

    assertThat(completion.choices()).hasSize(3);
    assertThat(completion.choices()).allSatisfy(c -> assertThat(c.text()).isNotBlank());
    assertThat(completion.choices().stream().map(Completion.Choice::text).distinct().count())
        .as("three samples at temperature 1 should not all be the same")
        .isGreaterThan(1);
  }

  @Test
  void jsonSchemaIsEnforcedByTheServersGrammar() throws Exception {
    ChatRequest request =
        ask(
                "Name 3 different hobbies that people enjoy on weekends.",
                new Sampling(0.7, null, 200, 11L))
            .withJsonSchema(ListReplies.schema("hobbies", 3));

    Completion completion = complete(request);

    // strict JSON, exactly the schema: an object whose only field is an array of 3 strings
    JsonNode reply = JSON.readTree(completion.text());
    assertThat(reply.isObject()).isTrue();
    assertThat(reply.size()).isEqualTo(1);
    assertThat(reply.get("hobbies").isArray()).isTrue();
    assertThat(reply.get("hobbies")).hasSize(3).allMatch(JsonNode::isTextual);
    assertThat(ListReplies.parse(completion.text(), "hobbies", 3)).isPresent();
  }

  @Test
  void tolerantParsingReadsTheListsTheModelWritesWithoutASchema() throws Exception {
    // No schema, as from a server that ignores response_format: the model writes its lists as it
    // likes (numbered, bold titles with descriptions, lists with prose around them) and the parser
    // must read them. Greedy decoding keeps the replies the same from run to run; the replies that
    // made ListReplies learn new forms are in ListRepliesTest.
    PromptTemplate questions = PromptTemplate.builtIn("open-questions");
    Map<String, Integer> asks = new LinkedHashMap<>();
    asks.put(questions.render(Map.of("n", 3, "topic", "Astronomy")), 3);
    asks.put(questions.render(Map.of("n", 2, "topic", "Cooking")), 2);
    asks.put("Give me 3 tips for sleeping better, as a bulleted list.", 3);
    asks.put("Name 3 famous scientists, one per line.", 3);
    asks.put("Write 3 questions a student might ask about volcanoes.", 3);
    asks.put("Name 4 colors.", 4);
    List<String> unread = new ArrayList<>();
    for (Map.Entry<String, Integer> ask : asks.entrySet()) {
      Completion completion = complete(ask(ask.getKey(), new Sampling(0.0, null, 200, 1L)));
      Optional<List<String>> items = ListReplies.parse(completion.text(), "items", ask.getValue());
      note("parsed: " + items);
      if (items.isEmpty()) {
        unread.add(completion.text());
      }
    }
    assertThat(unread).as("replies the parser could not read the list from").isEmpty();
  }

  @Test
  void generationStagesMakeTopicsPromptsAndResponses() throws Exception {
    Sampling sampling = new Sampling(0.7, 0.95, 200, null);
    String model = "smollm2-135m-instruct";

    List<Outcome<TopicRecord>> topicOutcomes =
        new GenerateTopicsStage(model, sampling, 2, 42)
            .run(client)
            .get(TIMEOUT_S, TimeUnit.SECONDS);
    List<TopicRecord> topics = values(topicOutcomes);
    assertThat(topics).hasSize(2);
    assertThat(topics).allSatisfy(t -> assertThat(t.name()).isNotBlank());
    note("topics: " + topics.stream().map(TopicRecord::name).toList());

    List<Outcome<PromptRecord>> promptOutcomes = new ArrayList<>();
    GeneratePromptsStage questions =
        new GeneratePromptsStage(
            io.sparksdg.prompts.PromptTemplate.builtIn("open-questions"), model, sampling, 2, 42);
    for (TopicRecord topic : topics) {
      promptOutcomes.addAll(
          questions
              .run(io.sparksdg.stages.prompts.FamilyRequest.ofTopic(topic, null), client)
              .get(TIMEOUT_S, TimeUnit.SECONDS));
    }
    List<PromptRecord> prompts = values(promptOutcomes);
    assertThat(prompts).hasSize(4);
    assertThat(prompts)
        .allSatisfy(p -> assertThat(p.messages().get(0).content()).hasSizeGreaterThan(5));
    note("prompts: " + prompts.stream().map(p -> p.messages().get(0).content()).toList());

    List<Outcome<ResponseRecord>> responseOutcomes = new ArrayList<>();
    new GenerateResponsesStage(model, new Sampling(0.7, 0.95, 96, null), 2, 42)
        .run(prompts.subList(0, 2).iterator(), client, 4)
        .forEachRemaining(responseOutcomes::add);
    List<ResponseRecord> responses = values(responseOutcomes);
    assertThat(responses).hasSize(4);
    assertThat(responses)
        .allSatisfy(
            r -> {
              assertThat(r.text()).isNotBlank();
              assertThat(r.completionTokens()).isBetween(1L, 96L);
              assertThat(r.finishReason()).isIn("stop", "length");
            });
  }

  private static <T> List<T> values(List<Outcome<T>> outcomes) {
    List<T> values = new ArrayList<>();
    for (Outcome<T> outcome : outcomes) {
      if (outcome instanceof Outcome.Ok<T> ok) {
        values.add(ok.value());
      } else if (outcome instanceof Outcome.Failed<T> failed) {
        fail("A stage failed: %s", failed.failure());
      }
    }
    return values;
  }
}
