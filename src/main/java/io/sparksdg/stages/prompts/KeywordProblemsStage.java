package io.sparksdg.stages.prompts;

import io.sparksdg.model.ChatClient;
import io.sparksdg.model.Sampling;
import io.sparksdg.prompts.PromptTemplate;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The math and Python families: problems per keyword (the request's {@code topic}) at a stated
 * level, one request per (keyword, level).
 */
public final class KeywordProblemsStage extends FamilyStage {

  public static final String MATH = "math";
  public static final String PYTHON = "python";

  public KeywordProblemsStage(
      String task,
      PromptTemplate template,
      String model,
      Sampling sampling,
      int perKeyword,
      long runSeed) {
    super(task, template, model, sampling, perKeyword, runSeed);
  }

  /** A request for one keyword at one level. */
  public static FamilyRequest request(String keyword, String level) {
    return new FamilyRequest(null, null, null, keyword, null, null, level, null);
  }

  @Override
  CompletableFuture<List<Outcome<PromptRecord>>> generate(FamilyRequest r, ChatClient client) {
    String text = template.render(Map.of("n", count, "keyword", r.topic(), "level", r.level()));
    return list(r.workId(), text, "problems", count, client)
        .thenApply(listed -> perItem(r, listed, r.leafTopicId()));
  }
}
