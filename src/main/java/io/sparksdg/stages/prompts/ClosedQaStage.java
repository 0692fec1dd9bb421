package io.sparksdg.stages.prompts;

import io.sparksdg.model.ChatClient;
import io.sparksdg.model.Message;
import io.sparksdg.model.Sampling;
import io.sparksdg.prompts.PromptTemplate;
import io.sparksdg.records.Ids;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The closed Q&A family: instructions written over a source document (the request's {@code
 * subject}, id in {@code subjectId}), each joined to the document by a fixed template. The prompt
 * keeps the document's id.
 */
public final class ClosedQaStage extends FamilyStage {

  public static final String TASK = "closed_qa";

  private final PromptTemplate join;

  public ClosedQaStage(
      PromptTemplate template,
      PromptTemplate join,
      String model,
      Sampling sampling,
      int perDocument,
      long runSeed) {
    super(TASK, template, model, sampling, perDocument, runSeed);
    this.join = join;
  }

  @Override
  public String requestId(FamilyRequest r) {
    return Ids.of(super.requestId(r), join.id(), join.version());
  }

  @Override
  CompletableFuture<List<Outcome<PromptRecord>>> generate(FamilyRequest r, ChatClient client) {
    String text = template.render(Map.of("n", count, "document", r.subject()));
    return list(r.workId(), text, "instructions", count, client)
        .thenApply(
            listed -> {
              List<Outcome<PromptRecord>> rows = new ArrayList<>();
              for (int i = 0; i < listed.items().size(); i++) {
                String instruction = listed.items().get(i);
                String joined =
                    join.render(Map.of("document", r.subject(), "instruction", instruction));
                rows.add(
                    Outcome.ok(
                        prompt(
                            Ids.of(r.workId(), i, instruction),
                            List.of(Message.user(joined)),
                            r,
                            r.subjectId(),
                            listed.model(),
                            listed.seed(),
                            r.subjectId(),
                            null)));
              }
              return rows;
            });
  }
}
