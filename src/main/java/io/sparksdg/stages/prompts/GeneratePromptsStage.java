package io.sparksdg.stages.prompts;

import io.sparksdg.model.ChatClient;
import io.sparksdg.model.Sampling;
import io.sparksdg.prompts.PromptTemplate;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The open Q&A family: open questions per topic, one request per topic. */
public final class GeneratePromptsStage extends FamilyStage {

  public static final String TASK = "open_qa";

  public GeneratePromptsStage(
      PromptTemplate template, String model, Sampling sampling, int perTopic, long runSeed) {
    super(TASK, template, model, sampling, perTopic, runSeed);
  }

  @Override
  CompletableFuture<List<Outcome<PromptRecord>>> generate(FamilyRequest r, ChatClient client) {
    String text = template.render(Map.of("n", count, "topic", r.topic()));
    return list(r.workId(), text, "questions", count, client)
        .thenApply(listed -> perItem(r, listed, r.leafTopicId()));
  }
}
