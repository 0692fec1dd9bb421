package io.sparksdg.config;

import java.io.Serializable;
import java.util.List;

/**
 * Keys under {@code prompts.families}: which synthetic prompt families run and their sizes. Only
 * open Q&A is on unless switched on here.
 */
public record FamiliesConfig(
    OpenQa openQa,
    Writing writing,
    ClosedQa closedQa,
    Keywords math,
    Keywords python,
    InstructionFollowing instructionFollowing,
    TwoTurn twoTurn)
    implements Serializable {

  public static final List<String> MATH_LEVELS =
      List.of("elementary school", "middle school", "high school", "university");
  public static final List<String> PYTHON_LEVELS = List.of("beginner", "intermediate", "advanced");

  public static final FamiliesConfig DEFAULT =
      new FamiliesConfig(null, null, null, null, null, null, null);

  public FamiliesConfig {
    openQa = openQa == null ? new OpenQa(null, null) : openQa;
    writing = writing == null ? new Writing(null, null, null, null) : writing;
    closedQa = closedQa == null ? new ClosedQa(null, null, null) : closedQa;
    math =
        (math == null ? new Keywords(null, null, null, null, null, null, null, null) : math)
            .withDefaultLevels(MATH_LEVELS);
    Checks.require(
        !math.tests(),
        "families.math.tests: only the python family writes tests; remove it from math");
    python =
        (python == null ? new Keywords(null, null, null, null, null, null, null, null) : python)
            .withDefaultLevels(PYTHON_LEVELS);
    instructionFollowing =
        instructionFollowing == null
            ? new InstructionFollowing(null, null, null, null, null, null)
            : instructionFollowing;
    twoTurn = twoTurn == null ? new TwoTurn(null, null) : twoTurn;
  }

  /**
   * Open questions per topic ({@code prompts.questions-per-topic} of them).
   *
   * @param enabled on by default
   * @param revise also ask for a more detailed, specific version of each question (kept beside it)
   */
  public record OpenQa(Boolean enabled, Boolean revise) implements Serializable {
    public OpenQa {
      enabled = enabled == null || enabled;
      revise = revise != null && revise;
    }
  }

  /**
   * Writing tasks per topic and document type.
   *
   * @param perType tasks per (topic, document type)
   * @param documentTypes the kinds of document asked for
   * @param revise also ask for a more detailed version of each task
   */
  public record Writing(
      Boolean enabled, Integer perType, List<String> documentTypes, Boolean revise)
      implements Serializable {
    public Writing {
      enabled = enabled != null && enabled;
      perType = perType == null ? 1 : perType;
      Checks.require(perType > 0, "families.writing.per-type must be positive, got %s", perType);
      documentTypes =
          documentTypes == null
              ? List.of("essay", "newsletter", "poem", "blog post", "short story")
              : List.copyOf(documentTypes);
      Checks.require(
          !enabled || !documentTypes.isEmpty(), "families.writing.document-types is empty");
      revise = revise != null && revise;
    }
  }

  /**
   * Instructions over the documents of a user corpus.
   *
   * @param documents a folder of {@code .txt} files (id = file name without extension) or a JSONL
   *     file of {@code {"id": ..., "text": ...}}
   * @param perDocument instructions per document
   * @param maxChars documents longer than this are cut to it (the model's context is finite)
   */
  public record ClosedQa(Boolean enabled, String documents, Integer perDocument)
      implements Serializable {
    public ClosedQa {
      enabled = enabled != null && enabled;
      perDocument = perDocument == null ? 2 : perDocument;
      Checks.require(
          perDocument > 0, "families.closed-qa.per-document must be positive, got %s", perDocument);
      Checks.require(
          !enabled || (documents != null && !documents.isBlank()),
          "families.closed-qa.documents must name a folder of .txt files or a JSONL file when"
              + " closed-qa is enabled");
    }
  }

  /**
   * Problems per keyword and level (math, Python).
   *
   * @param perKeyword problems per (keyword, level)
   * @param levels the stated levels
   * @param keywords keywords given inline
   * @param keywordsFile a file of keywords, one a line (blank lines and {@code #} comments skipped)
   * @param fromTopics also use every topic name as a keyword (default: only when no list is given)
   * @param classifyKeywords first ask the generator, yes or no, whether each keyword belongs to the
   *     family (is a math keyword, a Python keyword); only "yes" keywords get problems, and every
   *     verdict is written to the {@code keywords} table (off by default)
   * @param tests Python only: for each problem, also ask the generator to name the function that
   *     solves it and write {@code assert} tests for it; the prompt then asks for that function and
   *     carries the tests as its {@code answer_key}, for the {@code code-tests} judge (off by
   *     default)
   */
  public record Keywords(
      Boolean enabled,
      Integer perKeyword,
      List<String> levels,
      List<String> keywords,
      String keywordsFile,
      Boolean fromTopics,
      Boolean classifyKeywords,
      Boolean tests)
      implements Serializable {
    public Keywords {
      enabled = enabled != null && enabled;
      perKeyword = perKeyword == null ? 1 : perKeyword;
      Checks.require(perKeyword > 0, "per-keyword must be positive, got %s", perKeyword);
      levels = levels == null ? null : List.copyOf(levels);
      keywords = keywords == null ? List.of() : List.copyOf(keywords);
      fromTopics = fromTopics == null ? keywords.isEmpty() && (keywordsFile == null) : fromTopics;
      classifyKeywords = classifyKeywords != null && classifyKeywords;
      tests = tests != null && tests;
    }

    Keywords withDefaultLevels(List<String> defaults) {
      List<String> l = levels == null || levels.isEmpty() ? defaults : levels;
      return new Keywords(
          enabled, perKeyword, l, keywords, keywordsFile, fromTopics, classifyKeywords, tests);
    }
  }

  /**
   * Generated requests per topic, each with verifiable instructions appended.
   *
   * @param perTopic requests per topic
   * @param minInstructions least instructions per prompt
   * @param maxInstructions most instructions per prompt (at most 3)
   * @param multiTurn the multi-turn variant: the instructions are stated in the first user turn for
   *     the whole conversation, and the prompt ends with a later user turn they still govern
   * @param secondTurn the second-turn variant: a first user turn, the assistant's answer, then a
   *     user turn asking to revise that answer to follow the instructions
   */
  public record InstructionFollowing(
      Boolean enabled,
      Integer perTopic,
      Integer minInstructions,
      Integer maxInstructions,
      Variant multiTurn,
      Variant secondTurn)
      implements Serializable {
    public InstructionFollowing {
      multiTurn = multiTurn == null ? new Variant(null, null) : multiTurn;
      secondTurn = secondTurn == null ? new Variant(null, null) : secondTurn;
      enabled = enabled != null && enabled;
      perTopic = perTopic == null ? 1 : perTopic;
      minInstructions = minInstructions == null ? 1 : minInstructions;
      maxInstructions = maxInstructions == null ? 3 : maxInstructions;
      Checks.require(perTopic > 0, "instruction-following.per-topic must be positive");
      Checks.require(
          minInstructions >= 1 && minInstructions <= maxInstructions && maxInstructions <= 3,
          "instruction-following needs 1 <= min-instructions <= max-instructions <= 3, got %s and"
              + " %s",
          minInstructions,
          maxInstructions);
    }
  }

  /**
   * A variant of the instruction-following family, switched on by itself (the single-turn family
   * need not be on); it shares {@code min-instructions} and {@code max-instructions}.
   *
   * @param enabled off by default
   * @param perTopic prompts per topic
   */
  public record Variant(Boolean enabled, Integer perTopic) implements Serializable {
    public Variant {
      enabled = enabled != null && enabled;
      perTopic = perTopic == null ? 1 : perTopic;
      Checks.require(
          perTopic > 0,
          "instruction-following variant per-topic must be positive, got %s",
          perTopic);
    }
  }

  /**
   * Two-turn prompts started from open Q&A questions.
   *
   * @param count how many open questions (the smallest prompt ids) get a second turn
   */
  public record TwoTurn(Boolean enabled, Integer count) implements Serializable {
    public TwoTurn {
      enabled = enabled != null && enabled;
      count = count == null ? 10 : count;
      Checks.require(count > 0, "two-turn.count must be positive, got %s", count);
    }
  }
}
