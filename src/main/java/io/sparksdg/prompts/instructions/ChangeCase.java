package io.sparksdg.prompts.instructions;

import java.util.List;
import java.util.Map;
import java.util.Random;

/** Instructions on letter case (IFEval "change_case:"). */
public final class ChangeCase {

  private ChangeCase() {}

  /** Tokens as NLTK's word_tokenize cuts them ({@link WordTokens}). */
  static List<String> wordTokens(String text) {
    return WordTokens.of(text);
  }

  /**
   * English as IFEval's reference decides it: langdetect says "en" for the text as written
   * (capitals included, which hide most of a word from it). A text without any n-gram langdetect
   * knows cannot be judged and counts as English, as in the reference.
   */
  static boolean readsAsEnglish(String text) {
    return LanguageId.detect(text).map("en"::equals).orElse(true);
  }

  /** Fewer than, or at least, so many words written entirely in capitals. */
  public record CapitalWordFrequency(int capitalFrequency, Relation capitalRelation)
      implements VerifiableInstruction {
    public static final String ID = "change_case:capital_word_frequency";

    public CapitalWordFrequency {
      if (capitalFrequency < 1) {
        throw new IllegalArgumentException("Instruction '" + ID + "' needs capital_frequency >= 1");
      }
    }

    static CapitalWordFrequency from(Params p) {
      p.only("capital_frequency", "capital_relation");
      return new CapitalWordFrequency(
          p.integer("capital_frequency", 1, 100_000), p.relation("capital_relation"));
    }

    static CapitalWordFrequency random(Random rnd) {
      return new CapitalWordFrequency(1 + rnd.nextInt(20), Relation.values()[rnd.nextInt(2)]);
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return "Write "
          + capitalRelation.words()
          + " "
          + Text.plural(capitalFrequency, "word", "words")
          + " entirely in capital letters, LIKE THIS.";
    }

    @Override
    public Map<String, Object> parameters() {
      return Params.map(
          "capital_frequency", capitalFrequency, "capital_relation", capitalRelation.wire());
    }

    @Override
    public Verdict check(String response) {
      int found = (int) wordTokens(response).stream().filter(Text::isUpper).count();
      return Verdict.when(
          capitalRelation.holds(found, capitalFrequency),
          "found %s in capitals, expected %s %d",
          Text.plural(found, "word", "words"),
          capitalRelation.words(),
          capitalFrequency);
    }
  }

  /** The response is in English and in capital letters only. */
  public record EnglishCapital() implements VerifiableInstruction {
    public static final String ID = "change_case:english_capital";

    static EnglishCapital from(Params p) {
      p.only();
      return new EnglishCapital();
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return "Write your whole response in English, using capital letters only.";
    }

    @Override
    public Map<String, Object> parameters() {
      return Map.of();
    }

    @Override
    public Verdict check(String response) {
      if (!Text.isUpper(response)) {
        return Verdict.fail("the response has lowercase letters, or no letters at all");
      }
      return Verdict.when(readsAsEnglish(response), "the response does not read as English");
    }
  }

  /** The response is in English and in lowercase letters only. */
  public record EnglishLowercase() implements VerifiableInstruction {
    public static final String ID = "change_case:english_lowercase";

    static EnglishLowercase from(Params p) {
      p.only();
      return new EnglishLowercase();
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return "Write your whole response in English, in lowercase letters only: no capitals at all.";
    }

    @Override
    public Map<String, Object> parameters() {
      return Map.of();
    }

    @Override
    public Verdict check(String response) {
      if (!Text.isLower(response)) {
        return Verdict.fail("the response has capital letters, or no letters at all");
      }
      return Verdict.when(readsAsEnglish(response), "the response does not read as English");
    }
  }
}
