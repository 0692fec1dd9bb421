package io.sparksdg.stages.prompts;

import io.sparksdg.model.ChatClient;
import io.sparksdg.model.Sampling;
import io.sparksdg.prompts.PromptTemplate;
import io.sparksdg.records.Ids;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.SamplingKey;
import io.sparksdg.records.TopicRecord;
import java.io.Serializable;
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
    return ListCalls.ask(
        client,
        template,
        Map.of("n", count),
        sampling,
        runSeed,
        requestId(),
        "topics",
        count,
        null);
  }
}
