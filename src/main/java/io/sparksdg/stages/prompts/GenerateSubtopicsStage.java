package io.sparksdg.stages.prompts;

import io.sparksdg.model.ChatClient;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.Message;
import io.sparksdg.model.Sampling;
import io.sparksdg.prompts.ListReplies;
import io.sparksdg.prompts.PromptTemplate;
import io.sparksdg.records.FailureRecord;
import io.sparksdg.records.Ids;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.SamplingKey;
import io.sparksdg.records.Stage;
import io.sparksdg.records.TopicRecord;
import io.sparksdg.records.UnusableOutputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Asks the generator for subtopics of each macro topic. */
public final class GenerateSubtopicsStage implements Serializable {

  private final PromptTemplate template;
  private final String model;
  private final Sampling sampling;
  private final int perTopic;
  private final long runSeed;

  public GenerateSubtopicsStage(
      PromptTemplate template, String model, Sampling sampling, int perTopic, long runSeed) {
    this.template = template;
    this.model = model;
    this.sampling = sampling;
    this.perTopic = perTopic;
    this.runSeed = runSeed;
  }

  public String requestId(TopicRecord topic) {
    return Ids.of(
        "subtopics",
        template.id(),
        template.version(),
        topic.topicId(),
        model,
        SamplingKey.of(sampling),
        perTopic);
  }

  /** The subtopics of one macro topic, or one failure naming {@link #requestId}. */
  public CompletableFuture<List<Outcome<TopicRecord>>> forTopic(
      TopicRecord topic, ChatClient client) {
    String requestId = requestId(topic);
    CompletableFuture<List<Outcome<TopicRecord>>> result;
    try {
      ChatRequest request =
          ChatRequest.of(
                  List.of(
                      Message.user(template.render(Map.of("n", perTopic, "topic", topic.name())))),
                  sampling.withSeed(SamplingKey.seed(runSeed, requestId)))
              .withJsonSchema(ListReplies.schema("subtopics", perTopic));
      result =
          client
              .complete(request)
              .thenApply(
                  completion -> {
                    List<String> names =
                        ListReplies.parse(completion.text(), "subtopics", perTopic)
                            .orElseThrow(
                                () ->
                                    new UnusableOutputException(
                                        "Expected " + perTopic + " distinct subtopics in the reply",
                                        completion.text(),
                                        completion.stats().attempts()));
                    List<Outcome<TopicRecord>> rows = new ArrayList<>();
                    for (String name : names) {
                      rows.add(
                          Outcome.ok(
                              new TopicRecord(
                                  TopicRecord.idOf(name),
                                  name,
                                  topic.topicId(),
                                  completion.model(),
                                  template.id(),
                                  template.version())));
                    }
                    return rows;
                  });
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result.exceptionally(
        error -> List.of(Outcome.failed(FailureRecord.of(requestId, null, Stage.TOPICS, error))));
  }
}
