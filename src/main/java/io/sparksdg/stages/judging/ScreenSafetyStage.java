package io.sparksdg.stages.judging;

import io.sparksdg.judge.SafetyVerdict;
import io.sparksdg.model.ChatClient;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.Completion;
import io.sparksdg.model.Message;
import io.sparksdg.model.Sampling;
import io.sparksdg.records.FailureRecord;
import io.sparksdg.records.Ids;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.ResponseRecord;
import io.sparksdg.records.SafetyRecord;
import io.sparksdg.records.SamplingKey;
import io.sparksdg.records.Stage;
import io.sparksdg.records.UnusableOutputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Asks a guard model (a Llama Guard style classifier or NVIDIA's content-safety NIM, behind an
 * OpenAI-compatible chat endpoint) whether a prompt, or a prompt with its response, is safe. The
 * guard gets the conversation itself, as those models expect: the prompt's user and assistant turns
 * (system messages left out, since guard chat templates take only the two roles), and for a
 * response the answer as the last, assistant turn. Its reply is parsed leniently ({@link
 * SafetyVerdict}); a reply without a verdict is a failure carrying the raw text.
 */
public final class ScreenSafetyStage implements Serializable {

  public static final String PROMPT = "prompt";
  public static final String RESPONSE = "response";

  private final String model;
  private final Sampling sampling;

  /**
   * @param sampling the guard's sampling; guards should decode greedily (temperature 0)
   */
  public ScreenSafetyStage(String model, Sampling sampling) {
    this.model = model;
    this.sampling = sampling;
  }

  /** A prompt to screen, or (with {@code response}) a response to it. */
  public record Item(PromptRecord prompt, ResponseRecord response) implements Serializable {

    public static Item of(PromptRecord prompt) {
      return new Item(prompt, null);
    }

    public String target() {
      return response == null ? PROMPT : RESPONSE;
    }
  }

  public String safetyId(String target, String promptOrResponseId) {
    return Ids.of("safety", target, promptOrResponseId, model, SamplingKey.of(sampling));
  }

  public String safetyId(Item item) {
    return safetyId(
        item.target(),
        item.response() == null ? item.prompt().promptId() : item.response().responseId());
  }

  /** The request for one item: the conversation to classify, ending with the turn judged. */
  public ChatRequest request(Item item) {
    List<Message> messages = new ArrayList<>();
    for (Message m : item.prompt().messages()) {
      if (!"system".equals(m.role())) {
        messages.add(m);
      }
    }
    if (item.response() != null) {
      messages.add(Message.assistant(item.response().text()));
    }
    return ChatRequest.of(messages, sampling);
  }

  /** The verdict (or failure) of one item; both carry its safety id. */
  public CompletableFuture<Outcome<SafetyRecord>> screen(Item item, ChatClient client) {
    String id = safetyId(item);
    String promptId = item.prompt().promptId();
    long start = System.nanoTime();
    CompletableFuture<Completion> call;
    try {
      call = client.complete(request(item));
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    return call.handle(
        (completion, error) -> {
          if (error != null) {
            return Outcome.failed(FailureRecord.of(id, promptId, Stage.SAFETY, error));
          }
          return record(id, item, completion, (System.nanoTime() - start) / 1_000_000);
        });
  }

  private Outcome<SafetyRecord> record(
      String id, Item item, Completion completion, long latencyMs) {
    boolean response = item.response() != null;
    Optional<SafetyVerdict> verdict = SafetyVerdict.parse(completion.text(), response);
    int attempts = completion.stats().attempts();
    if (verdict.isEmpty()) {
      return Outcome.failed(
          FailureRecord.of(
              id,
              item.prompt().promptId(),
              Stage.SAFETY,
              new UnusableOutputException(
                  "The guard's reply has no "
                      + (response ? "response" : "user")
                      + " safety verdict (safe or unsafe)",
                  completion.text(),
                  attempts)));
    }
    return Outcome.ok(
        new SafetyRecord(
            id,
            item.prompt().promptId(),
            response ? item.response().responseId() : null,
            item.target(),
            verdict.get().label(),
            verdict.get().categories(),
            completion.model() == null ? model : completion.model(),
            completion.text(),
            attempts,
            latencyMs));
  }
}
