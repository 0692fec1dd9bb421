package io.sparksdg.stages.prompts;

import io.sparksdg.model.ChatClient;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.Message;
import io.sparksdg.model.Sampling;
import io.sparksdg.prompts.PromptTemplate;
import io.sparksdg.prompts.YesNo;
import io.sparksdg.records.FailureRecord;
import io.sparksdg.records.Ids;
import io.sparksdg.records.KeywordRecord;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.SamplingKey;
import io.sparksdg.records.Stage;
import io.sparksdg.records.UnusableOutputException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The keyword classifier of the math and Python families: asks the generator, yes or no, whether an
 * entity from a list (a keyword file, topic names) is a keyword of the family, as the Nemotron-4
 * recipe did to collect its math and Python keywords. Replies are read by {@link YesNo}; anything
 * else is a failure with the raw text. Asked greedily (temperature 0), since a verdict should not
 * be a matter of chance.
 */
public final class ClassifyKeywordsStage implements Serializable {

  public static final String YES = KeywordRecord.YES;
  public static final String NO = KeywordRecord.NO;

  /** What the template calls each family's subject. */
  private static final Map<String, String> DOMAINS =
      Map.of(KeywordProblemsStage.MATH, "mathematics", KeywordProblemsStage.PYTHON, "Python");

  private final String family;
  private final PromptTemplate template;
  private final String model;
  private final Sampling sampling;
  private final long runSeed;

  /**
   * @param family {@link KeywordProblemsStage#MATH} or {@link KeywordProblemsStage#PYTHON}
   * @param maxTokens the endpoint's reply cap, or null
   */
  public ClassifyKeywordsStage(
      String family, PromptTemplate template, String model, Integer maxTokens, long runSeed) {
    if (!DOMAINS.containsKey(family)) {
      throw new IllegalArgumentException("No keyword classifier for family " + family);
    }
    this.family = family;
    this.template = template;
    this.model = model;
    this.sampling = new Sampling(0.0, null, maxTokens, null);
    this.runSeed = runSeed;
  }

  public String family() {
    return family;
  }

  /** The classification's deterministic id. */
  public String keywordId(String keyword) {
    return Ids.of(
        "keyword-class",
        family,
        template.id(),
        template.version(),
        model,
        SamplingKey.of(sampling),
        keyword);
  }

  /** The verdict on one keyword, or one failure naming {@link #keywordId}. */
  public CompletableFuture<List<Outcome<KeywordRecord>>> classify(
      String keyword, ChatClient client) {
    String id = keywordId(keyword);
    long seed = SamplingKey.seed(runSeed, id);
    CompletableFuture<List<Outcome<KeywordRecord>>> result;
    try {
      String text = template.render(Map.of("keyword", keyword, "domain", DOMAINS.get(family)));
      result =
          client
              .complete(ChatRequest.of(List.of(Message.user(text)), sampling.withSeed(seed)))
              .thenApply(
                  completion -> {
                    boolean yes =
                        YesNo.parse(completion.text())
                            .orElseThrow(
                                () ->
                                    new UnusableOutputException(
                                        "Expected yes or no from the keyword classifier",
                                        completion.text(),
                                        completion.stats().attempts()));
                    return List.of(
                        Outcome.ok(
                            new KeywordRecord(
                                id,
                                keyword,
                                family,
                                yes ? YES : NO,
                                completion.model(),
                                template.id(),
                                template.version(),
                                seed,
                                completion.text())));
                  });
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result.exceptionally(
        error -> List.of(Outcome.failed(FailureRecord.of(id, null, Stage.PROMPTS, error))));
  }
}
