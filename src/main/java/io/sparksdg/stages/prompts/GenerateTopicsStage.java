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

/** Asks the generator for macro topics, the root of synthetic prompt generation. */
public final class GenerateTopicsStage implements Serializable {

  private final PromptTemplate template;
  private final String model;
  private final Sampling sampling;
  private final int count;
  private final long runSeed;

  public GenerateTopicsStage(String model, Sampling sampling, int count, long runSeed) {
    this(PromptTemplate.builtIn("macro-topics"), model, sampling, count, runSeed);
  }

  public GenerateTopicsStage(
      PromptTemplate template, String model, Sampling sampling, int count, long runSeed) {
    this.template = template;
    this.model = model;
    this.sampling = sampling;
    this.count = count;
    this.runSeed = runSeed;
  }

  /** The id of the one request this stage makes, which names it in failures. */
  public String requestId() {
    return Ids.of(
        "topics", template.id(), template.version(), model, SamplingKey.of(sampling), count);
  }

  public CompletableFuture<List<Outcome<TopicRecord>>> run(ChatClient client) {
    String requestId = requestId();
    ChatRequest request =
        ChatRequest.of(
                List.of(Message.user(template.render(Map.of("n", count)))),
                sampling.withSeed(SamplingKey.seed(runSeed, requestId)))
            .withJsonSchema(ListReplies.schema("topics", count));
    CompletableFuture<List<Outcome<TopicRecord>>> result;
    try {
      result =
          client
              .complete(request)
              .thenApply(
                  completion -> {
                    List<String> topics =
                        ListReplies.parse(completion.text(), "topics", count)
                            .orElseThrow(
                                () ->
                                    new UnusableOutputException(
                                        "Expected " + count + " distinct topics in the reply",
                                        completion.text(),
                                        completion.stats().attempts()));
                    List<Outcome<TopicRecord>> rows = new ArrayList<>();
                    for (String topic : topics) {
                      rows.add(
                          Outcome.ok(
                              new TopicRecord(
                                  TopicRecord.idOf(topic),
                                  topic,
                                  null,
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
