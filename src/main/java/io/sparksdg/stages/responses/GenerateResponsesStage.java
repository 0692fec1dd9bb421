package io.sparksdg.stages.responses;

import io.sparksdg.model.ChatClient;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.Completion;
import io.sparksdg.model.Sampling;
import io.sparksdg.model.Spend;
import io.sparksdg.records.FailureRecord;
import io.sparksdg.records.Ids;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.ResponseRecord;
import io.sparksdg.records.SamplingKey;
import io.sparksdg.records.Stage;
import io.sparksdg.stages.InFlight;
import java.io.Serializable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;

/** Samples {@code perPrompt} answers to each prompt from the generator. */
public final class GenerateResponsesStage implements Serializable {

  private final String model;
  private final Sampling sampling;
  private final int perPrompt;
  private final long runSeed;

  public GenerateResponsesStage(String model, Sampling sampling, int perPrompt, long runSeed) {
    this.model = model;
    this.sampling = sampling;
    this.perPrompt = perPrompt;
    this.runSeed = runSeed;
  }

  /** The id of a prompt's sample: a function of the prompt, the model, sampling and the index. */
  public String responseId(String promptId, int sampleIndex) {
    return Ids.of("response", promptId, model, SamplingKey.of(sampling), sampleIndex);
  }

  /** Responses (or failures), one per prompt and sample index, in completion order. */
  public Iterator<Outcome<ResponseRecord>> run(
      Iterator<PromptRecord> prompts, ChatClient client, int lookahead) {
    return InFlight.map(samples(prompts), s -> call(s.prompt, s.index, client), lookahead);
  }

  /** One sample: the response (or failure) whose id is {@link #responseId}. */
  public CompletableFuture<Outcome<ResponseRecord>> call(
      PromptRecord prompt, int index, ChatClient client) {
    String responseId = responseId(prompt.promptId(), index);
    ChatRequest request =
        ChatRequest.of(prompt.messages(), sampling.withSeed(SamplingKey.seed(runSeed, responseId)));
    CompletableFuture<Completion> call;
    try {
      call = client.complete(request);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    return call.handle(
        (completion, error) -> {
          if (error != null) {
            return Outcome.failed(
                FailureRecord.of(responseId, prompt.promptId(), Stage.RESPONSES, error));
          }
          Spend spend = Spend.of(completion.usage(), client.price());
          return Outcome.ok(
              new ResponseRecord(
                  responseId,
                  prompt.promptId(),
                  index,
                  completion.model() == null ? model : completion.model(),
                  completion.text(),
                  completion.finishReason(),
                  spend.promptTokens(),
                  spend.completionTokens(),
                  spend.costUsd(),
                  completion.stats().attempts(),
                  completion.stats().latencyMillis()));
        });
  }

  private record Sample(PromptRecord prompt, int index) {}

  private Iterator<Sample> samples(Iterator<PromptRecord> prompts) {
    return new Iterator<>() {
      private PromptRecord current;
      private int next = perPrompt;

      @Override
      public boolean hasNext() {
        return next < perPrompt || prompts.hasNext();
      }

      @Override
      public Sample next() {
        if (next >= perPrompt) {
          if (!prompts.hasNext()) {
            throw new NoSuchElementException();
          }
          current = prompts.next();
          next = 0;
        }
        return new Sample(current, next++);
      }
    };
  }
}
