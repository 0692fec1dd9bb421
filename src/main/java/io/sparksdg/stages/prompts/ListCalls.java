package io.sparksdg.stages.prompts;

import io.sparksdg.model.ChatClient;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.Completion;
import io.sparksdg.model.Message;
import io.sparksdg.model.Sampling;
import io.sparksdg.prompts.ListReplies;
import io.sparksdg.prompts.PromptTemplate;
import io.sparksdg.records.FailureRecord;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.SamplingKey;
import io.sparksdg.records.Stage;
import io.sparksdg.records.TopicRecord;
import io.sparksdg.records.UnusableOutputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What the topic stages share: a list the model is asked for with a JSON schema and parsed
 * tolerantly, each item a topic row; an unusable reply or a failed call becomes one failure naming
 * the request.
 */
final class ListCalls {

  private ListCalls() {}

  /**
   * A list of {@code n} items under {@code field}, parsed tolerantly; an unusable reply fails with
   * its raw text.
   */
  static List<String> required(Completion completion, String field, int n) {
    return ListReplies.parse(completion.text(), field, n)
        .orElseThrow(
            () ->
                new UnusableOutputException(
                    "Expected " + n + " distinct " + field + " in the reply",
                    completion.text(),
                    completion.stats().attempts()));
  }

  /**
   * Asks for {@code n} topics under {@code field} with the rendered template; each becomes a topic
   * row under {@code parentId} (null for macro topics).
   */
  static CompletableFuture<List<Outcome<TopicRecord>>> ask(
      ChatClient client,
      PromptTemplate template,
      Map<String, Object> values,
      Sampling sampling,
      long runSeed,
      String requestId,
      String field,
      int n,
      String parentId) {
    CompletableFuture<List<Outcome<TopicRecord>>> result;
    try {
      ChatRequest request =
          ChatRequest.of(
                  List.of(Message.user(template.render(values))),
                  sampling.withSeed(SamplingKey.seed(runSeed, requestId)))
              .withJsonSchema(ListReplies.schema(field, n));
      result =
          client
              .complete(request)
              .thenApply(
                  completion -> {
                    List<Outcome<TopicRecord>> rows = new ArrayList<>();
                    for (String name : required(completion, field, n)) {
                      rows.add(
                          Outcome.ok(
                              new TopicRecord(
                                  TopicRecord.idOf(name),
                                  name,
                                  parentId,
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
