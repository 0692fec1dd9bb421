package io.sparksdg.stages.responses;

import io.sparksdg.config.ResponsesConfig;
import io.sparksdg.model.ChatClient;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.Completion;
import io.sparksdg.model.Message;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;

/**
 * Samples {@code perPrompt} answers to each prompt from the generator, in each of the prompt's
 * reasoning modes ({@code responses.reasoning}): a mode puts its system prompt before the prompt,
 * and the reply's reasoning is kept apart from its answer.
 */
public final class GenerateResponsesStage implements Serializable {

  private final String model;
  private final Sampling sampling;
  private final int perPrompt;
  private final long runSeed;
  private final ResponsesConfig modes;

  public GenerateResponsesStage(String model, Sampling sampling, int perPrompt, long runSeed) {
    this(model, sampling, perPrompt, runSeed, ResponsesConfig.DEFAULT);
  }

  /**
   * @param modes the reasoning modes per family and their system prompts
   */
  public GenerateResponsesStage(
      String model, Sampling sampling, int perPrompt, long runSeed, ResponsesConfig modes) {
    this.model = model;
    this.sampling = sampling;
    this.perPrompt = perPrompt;
    this.runSeed = runSeed;
    this.modes = modes;
  }

  /** The reasoning modes a prompt is asked in; {@code [null]} when none applies. */
  public List<String> modesOf(PromptRecord prompt) {
    return modes.modesFor(prompt.task());
  }

  /** The id of a prompt's sample: a function of the prompt, the model, sampling and the index. */
  public String responseId(String promptId, int sampleIndex) {
    return Ids.of("response", promptId, model, SamplingKey.of(sampling), sampleIndex);
  }

  /** The id of a prompt's sample in a reasoning mode; {@link #responseId(String, int)} for null. */
  public String responseId(String promptId, int sampleIndex, String mode) {
    return mode == null
        ? responseId(promptId, sampleIndex)
        : Ids.of("response", promptId, model, SamplingKey.of(sampling), sampleIndex, mode);
  }

  /** Responses (or failures), one per prompt, mode and sample index, in completion order. */
  public Iterator<Outcome<ResponseRecord>> run(
      Iterator<PromptRecord> prompts, ChatClient client, int lookahead) {
    return InFlight.map(samples(prompts), s -> call(s.prompt, s.index, s.mode, client), lookahead);
  }

  /** One sample without a reasoning mode. */
  public CompletableFuture<Outcome<ResponseRecord>> call(
      PromptRecord prompt, int index, ChatClient client) {
    return call(prompt, index, null, client);
  }

  /**
   * One sample: the response (or failure) whose id is {@link #responseId(String, int, String)}.
   *
   * @param mode {@code on}, {@code off}, or null for no reasoning system prompt
   */
  public CompletableFuture<Outcome<ResponseRecord>> call(
      PromptRecord prompt, int index, String mode, ChatClient client) {
    String responseId = responseId(prompt.promptId(), index, mode);
    ChatRequest request =
        ChatRequest.of(
            withReasoningPrompt(modes, prompt.messages(), mode),
            sampling.withSeed(SamplingKey.seed(runSeed, responseId)));
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
                  completion.stats().latencyMillis(),
                  completion.reasoning(),
                  mode));
        });
  }

  /**
   * The conversation sent in {@code mode}: the mode's system prompt, then {@code messages} (a
   * system message they open with is joined to it); {@code messages} itself when the mode is null.
   */
  public static List<Message> withReasoningPrompt(
      ResponsesConfig modes, List<Message> messages, String mode) {
    if (mode == null) {
      return messages;
    }
    String system = modes.reasoningPrompt(mode);
    List<Message> out = new ArrayList<>(messages.size() + 1);
    if (!messages.isEmpty() && "system".equals(messages.get(0).role())) {
      out.add(Message.system(system + "\n\n" + messages.get(0).content()));
      out.addAll(messages.subList(1, messages.size()));
    } else {
      out.add(Message.system(system));
      out.addAll(messages);
    }
    return out;
  }

  private record Sample(PromptRecord prompt, int index, String mode) {}

  private Iterator<Sample> samples(Iterator<PromptRecord> prompts) {
    return new Iterator<>() {
      private PromptRecord current;
      private List<String> currentModes = List.of();
      private int next;

      @Override
      public boolean hasNext() {
        return next < perPrompt * currentModes.size() || prompts.hasNext();
      }

      @Override
      public Sample next() {
        if (next >= perPrompt * currentModes.size()) {
          if (!prompts.hasNext()) {
            throw new NoSuchElementException();
          }
          current = prompts.next();
          currentModes = modesOf(current);
          next = 0;
        }
        int i = next++;
        return new Sample(current, i % perPrompt, currentModes.get(i / perPrompt));
      }
    };
  }
}
