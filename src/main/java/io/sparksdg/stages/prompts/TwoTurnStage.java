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
 * The two-turn family: from a first user turn (an earlier prompt, the request's {@code subject}),
 * the generator answers it, then writes the user's second turn. The prompt is the three messages
 * (user, assistant, user), parented on the prompt it started from.
 */
public final class TwoTurnStage extends FamilyStage {

  public static final String TASK = "two_turn";

  public TwoTurnStage(PromptTemplate template, String model, Sampling sampling, long runSeed) {
    super(TASK, template, model, sampling, 1, runSeed);
  }

  @Override
  CompletableFuture<List<Outcome<PromptRecord>>> generate(FamilyRequest r, ChatClient client) {
    String first = r.subject();
    return text(r.workId() + "/answer", List.of(Message.user(first)), client)
        .thenCompose(
            answer ->
                text(
                        r.workId() + "/follow-up",
                        List.of(
                            Message.user(
                                template.render(
                                    Map.of("question", first, "answer", answer.text())))),
                        client)
                    .thenApply(
                        second ->
                            List.of(
                                Outcome.ok(
                                    prompt(
                                        Ids.of(r.workId(), second.text()),
                                        List.of(
                                            Message.user(first),
                                            Message.assistant(answer.text()),
                                            Message.user(second.text())),
                                        r,
                                        r.subjectId(),
                                        second.model(),
                                        second.seed(),
                                        null,
                                        null)))));
  }
}
