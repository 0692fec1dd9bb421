package io.sparksdg.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;

/**
 * Keys under {@code prompts}: where prompts come from.
 *
 * @param importPath a JSONL file of {@code {"id": ..., "prompt": ...}} lines; when set, synthetic
 *     generation is skipped and exactly these prompts flow through
 * @param generator the endpoint that writes synthetic topics and questions
 * @param topics how many macro topics to ask for
 * @param questionsPerTopic how many open questions to ask for per topic
 * @param maxChars prompts longer than this go to {@code failures}
 * @param extraImports JSONL files imported in addition to the prompts above (synthetic, imported or
 *     from an earlier round): e.g. GSM8K-style math with an answer key, or prompts carrying
 *     verifiable instructions
 * @param fromRound the output root of an earlier round whose {@code prompts} table this run answers
 *     again (the weak-to-strong loop); when set, no prompts are generated or imported besides the
 *     extra imports
 */
public record PromptsConfig(
    @JsonProperty("import") String importPath,
    String generator,
    Integer topics,
    Integer questionsPerTopic,
    Integer maxChars,
    java.util.List<String> extraImports,
    String fromRound)
    implements Serializable {

  public static final PromptsConfig DEFAULT =
      new PromptsConfig(null, null, null, null, null, null, null);

  public PromptsConfig {
    generator = generator == null ? "generator" : generator;
    topics = topics == null ? 5 : topics;
    Checks.require(topics > 0, "topics must be positive, got %s", topics);
    questionsPerTopic = questionsPerTopic == null ? 4 : questionsPerTopic;
    Checks.require(
        questionsPerTopic > 0, "questions-per-topic must be positive, got %s", questionsPerTopic);
    maxChars = maxChars == null ? 32_000 : maxChars;
    Checks.require(maxChars > 0, "max-chars must be positive, got %s", maxChars);
    extraImports = extraImports == null ? java.util.List.of() : java.util.List.copyOf(extraImports);
    fromRound = fromRound == null || fromRound.isBlank() ? null : fromRound;
    Checks.require(
        fromRound == null || importPath == null || importPath.isBlank(),
        "set either import or from-round, not both");
  }

  public boolean imported() {
    return importPath != null && !importPath.isBlank();
  }
}
