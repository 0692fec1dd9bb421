package io.sparksdg.stages.prompts;

import io.sparksdg.model.ChatClient;
import io.sparksdg.model.Sampling;
import io.sparksdg.prompts.PromptTemplate;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The writing family: tasks to write a document of a given type (the request's {@code subject})
 * about a topic, one request per (topic, document type).
 */
public final class WritingTasksStage extends FamilyStage {

  public static final String TASK = "writing";

  public WritingTasksStage(
      PromptTemplate template, String model, Sampling sampling, int perType, long runSeed) {
    super(TASK, template, model, sampling, perType, runSeed);
  }

  @Override
  CompletableFuture<List<Outcome<PromptRecord>>> generate(FamilyRequest r, ChatClient client) {
    String text =
        template.render(Map.of("n", count, "topic", r.topic(), "document_type", r.subject()));
    return list(r.workId(), text, "tasks", count, client)
        .thenApply(listed -> perItem(r, listed, r.leafTopicId()));
  }
}
