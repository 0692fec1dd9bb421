package io.sparksdg.stages.prompts;

import io.sparksdg.model.ChatClient;
import io.sparksdg.model.Message;
import io.sparksdg.model.Sampling;
import io.sparksdg.prompts.PromptTemplate;
import io.sparksdg.records.Ids;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The revision step of a family (open Q&A, writing): asks the model to make a prompt more detailed
 * and specific. The revision is a new prompt of the same family whose {@code parent_id} is the
 * prompt it revises; both are kept.
 */
public final class RevisePromptsStage extends FamilyStage {

  public RevisePromptsStage(
      String task, PromptTemplate template, String model, Sampling sampling, long runSeed) {
    super(task, template, model, sampling, 1, runSeed);
  }

  @Override
  CompletableFuture<List<Outcome<PromptRecord>>> generate(FamilyRequest r, ChatClient client) {
    String text = template.render(Map.of("question", r.subject()));
    return text(r.workId(), List.of(Message.user(text)), client)
        .thenApply(
            written ->
                List.of(
                    Outcome.ok(
                        prompt(
                            Ids.of(r.workId(), written.text()),
                            List.of(Message.user(written.text())),
                            r,
                            r.subjectId(),
                            written.model(),
                            written.seed(),
                            null,
                            null))));
  }
}
