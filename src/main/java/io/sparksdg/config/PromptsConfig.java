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
 * @param templatesDir a local folder whose {@code <id>.txt} files override the built-in templates
 * @param topicsFile a file of topics, one a line, added to the generated ones (deduplicated)
 * @param subtopicsPerTopic subtopics asked for per macro topic; 0 for none
 * @param families which prompt families run, and their sizes
 * @param mix relative weight per family ({@code open_qa: 2, math: 1, ...}); when set, each family
 *     is cut to its share of the largest mix the families' outputs allow; a family not named gets
 *     weight 0
 * @param dedup exact and near-duplicate removal across the prompt table
 */
public record PromptsConfig(
    @JsonProperty("import") String importPath,
    String generator,
    Integer topics,
    Integer questionsPerTopic,
    Integer maxChars,
    java.util.List<String> extraImports,
    String fromRound,
    String templatesDir,
    String topicsFile,
    Integer subtopicsPerTopic,
    FamiliesConfig families,
    java.util.Map<String, Double> mix,
    DedupConfig dedup)
    implements Serializable {

  public static final PromptsConfig DEFAULT =
      new PromptsConfig(
          null, null, null, null, null, null, null, null, null, null, null, null, null);

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
    subtopicsPerTopic = subtopicsPerTopic == null ? 0 : subtopicsPerTopic;
    Checks.require(
        subtopicsPerTopic >= 0, "subtopics-per-topic must be 0 or more, got %s", subtopicsPerTopic);
    families = families == null ? FamiliesConfig.DEFAULT : families;
    mix = mix == null ? java.util.Map.of() : java.util.Map.copyOf(mix);
    for (var e : mix.entrySet()) {
      Checks.require(
          FAMILIES.contains(e.getKey()),
          "prompts.mix names an unknown family '%s' (families: %s)",
          e.getKey(),
          String.join(", ", FAMILIES));
      Checks.require(
          e.getValue() != null && e.getValue() >= 0,
          "prompts.mix.%s must be 0 or more, got %s",
          e.getKey(),
          e.getValue());
    }
    dedup = dedup == null ? DedupConfig.DEFAULT : dedup;
  }

  /** The family names, as written in {@code task}. */
  public static final java.util.List<String> FAMILIES =
      java.util.List.of(
          "open_qa",
          "writing",
          "closed_qa",
          "math",
          "python",
          "instruction_following",
          "instruction_following_multi_turn",
          "instruction_following_second_turn",
          "two_turn");

  public boolean imported() {
    return importPath != null && !importPath.isBlank();
  }
}
