package io.sparksdg.stages.prompts;

import io.sparksdg.model.ChatClient;
import io.sparksdg.model.Sampling;
import io.sparksdg.prompts.PromptTemplate;
import io.sparksdg.records.Ids;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.SamplingKey;
import io.sparksdg.records.TopicRecord;
import java.io.Serializable;
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
    return ListCalls.ask(
        client,
        template,
        Map.of("n", perTopic, "topic", topic.name()),
        sampling,
        runSeed,
        requestId(topic),
        "subtopics",
        perTopic,
        topic.topicId());
  }
}
