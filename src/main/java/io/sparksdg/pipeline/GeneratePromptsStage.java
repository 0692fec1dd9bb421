package io.sparksdg.pipeline;

import io.sparksdg.model.ChatClient;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.Message;
import io.sparksdg.model.Sampling;
import io.sparksdg.prompts.ListReplies;
import io.sparksdg.prompts.PromptTemplate;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Writes open questions per topic: the open Q&A family of synthetic prompts. */
public final class GeneratePromptsStage implements Serializable {

  public static final String TASK = "open_qa";

  private final PromptTemplate template = PromptTemplate.builtIn("open-questions");
  private final String model;
  private final Sampling sampling;
  private final int perTopic;
  private final long runSeed;

  public GeneratePromptsStage(String model, Sampling sampling, int perTopic, long runSeed) {
    this.model = model;
    this.sampling = sampling;
    this.perTopic = perTopic;
    this.runSeed = runSeed;
  }

  /** Prompts for each topic, yielded as their requests complete. */
  public Iterator<List<Outcome<PromptRecord>>> run(
      Iterator<TopicRecord> topics, ChatClient client, int lookahead) {
    return InFlight.map(topics, topic -> forTopic(topic, client), lookahead);
  }

  /** The id of the request for a topic's questions, which names it in failures. */
  public String requestId(TopicRecord topic) {
    return Ids.of(
        TASK,
        template.id(),
        template.version(),
        topic.topicId(),
        model,
        SamplingKey.of(sampling),
        perTopic);
  }

  /** The prompts written for one topic, or one failure naming {@link #requestId}. */
  public CompletableFuture<List<Outcome<PromptRecord>>> forTopic(
      TopicRecord topic, ChatClient client) {
    String requestId = requestId(topic);
    ChatRequest request =
        ChatRequest.of(
                List.of(
                    Message.user(template.render(Map.of("n", perTopic, "topic", topic.name())))),
                sampling.withSeed(SamplingKey.seed(runSeed, requestId)))
            .withJsonSchema(ListReplies.schema("questions", perTopic));
    CompletableFuture<List<Outcome<PromptRecord>>> result;
    try {
      result =
          client
              .complete(request)
              .thenApply(
                  completion -> {
                    List<String> questions =
                        ListReplies.parse(completion.text(), "questions", perTopic)
                            .orElseThrow(
                                () ->
                                    new UnusableOutputException(
                                        "Expected " + perTopic + " distinct questions in the reply",
                                        completion.text(),
                                        completion.stats().attempts()));
                    List<Outcome<PromptRecord>> rows = new ArrayList<>();
                    for (int i = 0; i < questions.size(); i++) {
                      rows.add(
                          Outcome.ok(
                              new PromptRecord(
                                  Ids.of(requestId, i, questions.get(i)),
                                  null,
                                  TASK,
                                  List.of(Message.user(questions.get(i))),
                                  topic.name(),
                                  topic.topicId(),
                                  template.id(),
                                  template.version(),
                                  completion.model())));
                    }
                    return rows;
                  });
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result.exceptionally(
        error -> List.of(Outcome.failed(FailureRecord.of(requestId, null, Stage.PROMPTS, error))));
  }
}
