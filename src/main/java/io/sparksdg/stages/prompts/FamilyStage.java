package io.sparksdg.stages.prompts;

import io.sparksdg.model.ChatClient;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.Completion;
import io.sparksdg.model.Message;
import io.sparksdg.model.Sampling;
import io.sparksdg.prompts.ListReplies;
import io.sparksdg.prompts.PromptTemplate;
import io.sparksdg.records.FailureRecord;
import io.sparksdg.records.Ids;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.SamplingKey;
import io.sparksdg.records.Stage;
import io.sparksdg.records.UnusableOutputException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the families share: the generator's identity and sampling, request ids, list and text calls
 * whose unusable answers become {@link UnusableOutputException}s with the raw text, and the lineage
 * every prompt carries.
 */
abstract class FamilyStage implements PromptFamily {

  /** A list the model wrote, with who wrote it and the seed sent. */
  record Listed(List<String> items, String model, long seed) {}

  /** A text the model wrote, with who wrote it and the seed sent. */
  record Written(String text, String model, long seed) {}

  final String task;
  final PromptTemplate template;
  final String model;
  final Sampling sampling;
  final int count;
  final long runSeed;

  FamilyStage(
      String task,
      PromptTemplate template,
      String model,
      Sampling sampling,
      int count,
      long runSeed) {
    this.task = task;
    this.template = template;
    this.model = model;
    this.sampling = sampling;
    this.count = count;
    this.runSeed = runSeed;
  }

  @Override
  public String name() {
    return task;
  }

  @Override
  public String requestId(FamilyRequest r) {
    return Ids.of(
        task,
        template.id(),
        template.version(),
        model,
        SamplingKey.of(sampling),
        count,
        r.topicId(),
        r.subtopicId(),
        r.topic(),
        r.subjectId(),
        r.subject(),
        r.level());
  }

  @Override
  public final CompletableFuture<List<Outcome<PromptRecord>>> run(
      FamilyRequest request, ChatClient client) {
    String id = request.workId() != null ? request.workId() : requestId(request);
    CompletableFuture<List<Outcome<PromptRecord>>> result;
    try {
      result = generate(request.withWorkId(id), client);
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result.exceptionally(
        error -> List.of(Outcome.failed(FailureRecord.of(id, null, Stage.PROMPTS, error))));
  }

  /** The prompts of one request whose {@code workId} is set; may fail exceptionally. */
  abstract CompletableFuture<List<Outcome<PromptRecord>>> generate(
      FamilyRequest request, ChatClient client);

  /** Asks for exactly {@code n} distinct items under {@code field}, by JSON schema. */
  CompletableFuture<Listed> list(String requestId, String text, String field, int n, ChatClient c) {
    long seed = SamplingKey.seed(runSeed, requestId);
    ChatRequest request =
        ChatRequest.of(List.of(Message.user(text)), sampling.withSeed(seed))
            .withJsonSchema(ListReplies.schema(field, n));
    return c.complete(request)
        .thenApply(
            completion ->
                new Listed(ListCalls.required(completion, field, n), completion.model(), seed));
  }

  /** Asks for free text; an empty answer is unusable. */
  CompletableFuture<Written> text(String callId, List<Message> messages, ChatClient c) {
    long seed = SamplingKey.seed(runSeed, callId);
    return c.complete(ChatRequest.of(messages, sampling.withSeed(seed)))
        .thenApply(completion -> new Written(usable(completion), completion.model(), seed));
  }

  private static String usable(Completion completion) {
    String text = completion.text() == null ? "" : completion.text().strip();
    if (text.isEmpty()) {
      throw new UnusableOutputException(
          "Expected a non-empty reply", completion.text(), completion.stats().attempts());
    }
    return text;
  }

  /** A prompt with this family's lineage. */
  PromptRecord prompt(
      String promptId,
      List<Message> messages,
      FamilyRequest r,
      String parentId,
      String writer,
      long seed,
      String documentId,
      String instructions) {
    return new PromptRecord(
        promptId,
        null,
        task,
        messages,
        r.topic(),
        parentId,
        template.id(),
        template.version(),
        writer,
        null,
        SamplingKey.of(sampling),
        seed,
        r.topicId(),
        r.subtopicId(),
        documentId,
        r.level(),
        instructions);
  }

  /** One user-turn prompt per listed item, parented on the request's leaf topic. */
  List<Outcome<PromptRecord>> perItem(FamilyRequest r, Listed listed, String parentId) {
    List<Outcome<PromptRecord>> rows = new java.util.ArrayList<>();
    for (int i = 0; i < listed.items().size(); i++) {
      String item = listed.items().get(i);
      rows.add(
          Outcome.ok(
              prompt(
                  Ids.of(r.workId(), i, item),
                  List.of(Message.user(item)),
                  r,
                  parentId,
                  listed.model(),
                  listed.seed(),
                  null,
                  null)));
    }
    return rows;
  }
}
