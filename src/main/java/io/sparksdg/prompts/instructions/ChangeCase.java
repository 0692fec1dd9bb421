package io.sparksdg.prompts.instructions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Instructions on letter case (IFEval "change_case:"). */
public final class ChangeCase {

  /** Punctuation that NLTK's word tokenizer always splits off a word. */
  private static final Pattern SPLIT = Pattern.compile("[\\s;@#$%&?!()\\[\\]{}<>\"]+|[:,](?!\\d)");

  /** Clitics NLTK's word tokenizer makes tokens of their own: DON'T is "DO" and "N'T". */
  private static final Pattern CLITIC =
      Pattern.compile(
          "(?i)^(.*[^'])(n't|'s|'m|'d|'ll|'re|'ve)$|^(can)(not)$|^(gon|wan)(na)$|^(got)(ta)$"
              + "|^(gim|lem)(me)$");

  private ChangeCase() {}

  /**
   * Tokens as NLTK's word_tokenize cuts them, closely enough to count all-capital words: split at
   * whitespace and punctuation, clitics separated.
   */
  static List<String> wordTokens(String text) {
    List<String> out = new ArrayList<>();
    for (String piece : SPLIT.split(text)) {
      if (piece.isEmpty()) {
        continue;
      }
      Matcher m = CLITIC.matcher(piece);
      if (m.matches()) {
        for (int g = 1; g <= m.groupCount(); g++) {
          if (m.group(g) != null) {
            out.add(m.group(g));
          }
        }
      } else {
        out.add(piece);
      }
    }
    return out;
  }

  /** Frequent English words; a response in English holds at least one of them. */
  private static final Set<String> COMMON_ENGLISH =
      Set.of(
          "the", "an", "and", "or", "but", "is", "are", "was", "were", "be", "been", "of", "to",
          "in", "on", "at", "by", "for", "with", "from", "as", "it", "its", "this", "that", "these",
          "those", "there", "here", "not", "no", "yes", "you", "he", "she", "we", "they", "my",
          "your", "our", "their", "have", "has", "had", "do", "does", "did", "will", "would", "can",
          "could", "should", "all", "what", "which", "who", "how", "when", "where", "why", "if",
          "then", "so", "about", "more", "some", "any", "hello", "ok");

  private static final Pattern LATIN_WORD = Pattern.compile("\\p{IsLatin}+");

  /**
   * A cheap stand-in for language identification: mostly Latin letters and at least one frequent
   * English word. It accepts English prose and rejects text in other scripts and bare symbols.
   */
  static boolean looksEnglish(String text) {
    if (!looksLatin(text)) {
      return false;
    }
    Matcher m = LATIN_WORD.matcher(Text.lower(text));
    while (m.find()) {
      if (COMMON_ENGLISH.contains(m.group())) {
        return true;
      }
    }
    return false;
  }

  private static boolean looksLatin(String text) {
    long letters = text.codePoints().filter(Character::isLetter).count();
    long latin =
        text.codePoints()
            .filter(Character::isLetter)
            .filter(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN)
            .count();
    return letters > 0 && latin * 2 > letters;
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

  /**
   * The response is in English and in capital letters only. The case is verified exactly; the
   * language only by {@link #looksEnglish}, as telling languages apart needs a language identifier
   * (the reference uses langdetect).
   */
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
      return Verdict.when(looksEnglish(response), "the response does not look like English");
    }
  }

  /**
   * The response is in English and in lowercase letters only; the language is judged as for {@link
   * EnglishCapital}.
   */
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
      return Verdict.when(looksEnglish(response), "the response does not look like English");
    }
  }
}
