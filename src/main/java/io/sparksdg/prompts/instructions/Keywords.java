package io.sparksdg.prompts.instructions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/** Instructions about words that must, must not, or must so often appear (IFEval "keywords:"). */
public final class Keywords {

  /** Everyday words to draw random keywords from. */
  static final List<String> WORDS =
      List.of(
          "river", "garden", "window", "engine", "harvest", "lantern", "market", "bridge",
          "journey", "signal", "forest", "pattern", "recipe", "planet", "ticket", "island",
          "mirror", "thunder", "library", "compass", "blanket", "castle", "meadow", "rocket",
          "puzzle", "candle", "harbor", "orchard", "violin", "glacier", "summit", "canvas",
          "velvet", "anchor", "falcon", "pepper", "marble", "tunnel", "crystal", "balance");

  private Keywords() {}

  static List<String> pick(Random rnd, int count) {
    List<String> pool = new ArrayList<>(WORDS);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(pool.remove(rnd.nextInt(pool.size())));
    }
    return List.copyOf(out);
  }

  static String quoted(List<String> words) {
    return words.stream().map(w -> "\"" + w + "\"").collect(Collectors.joining(", "));
  }

  /**
   * A keyword as IFEval's reference reads it: a Python regular expression, matched ignoring case
   * ("a.b" matches "axb", "(harbor)" matches "harbor", "c++" matches "c"), between the given prefix
   * and suffix. A keyword that is not a valid expression is matched literally, where the reference
   * would raise.
   */
  static Pattern pattern(String keyword, String prefix, String suffix) {
    try {
      return Pattern.compile(prefix + keyword + suffix, Text.PY_IGNORE_CASE);
    } catch (PatternSyntaxException e) {
      return Pattern.compile(prefix + Pattern.quote(keyword) + suffix, Text.PY_IGNORE_CASE);
    }
  }

  /** Every keyword must appear somewhere, in any case, even inside a longer word. */
  public record Existence(List<String> keywords) implements VerifiableInstruction {
    public static final String ID = "keywords:existence";

    public Existence {
      keywords = List.copyOf(keywords);
    }

    static Existence from(Params p) {
      return new Existence(p.only("keywords").strings("keywords"));
    }

    static Existence random(Random rnd) {
      return new Existence(pick(rnd, 1 + rnd.nextInt(3)));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return "Make sure your response mentions "
          + (keywords.size() == 1 ? "the keyword " : "each of the keywords ")
          + quoted(keywords)
          + ".";
    }

    @Override
    public Map<String, Object> parameters() {
      return Params.map("keywords", keywords);
    }

    @Override
    public Verdict check(String response) {
      List<String> missing =
          keywords.stream().filter(k -> !pattern(k, "", "").matcher(response).find()).toList();
      return Verdict.when(missing.isEmpty(), "missing keyword(s) %s", quoted(missing));
    }
  }

  /** One keyword must appear fewer than, or at least, so many times (case-insensitive). */
  public record Frequency(String keyword, int frequency, Relation relation)
      implements VerifiableInstruction {
    public static final String ID = "keywords:frequency";

    public Frequency {
      keyword = keyword.strip();
      if (keyword.isEmpty() || frequency < 1) {
        throw new IllegalArgumentException(
            "Instruction '" + ID + "' needs a keyword and a frequency >= 1");
      }
    }

    static Frequency from(Params p) {
      p.only("keyword", "frequency", "relation");
      return new Frequency(
          p.string("keyword"), p.integer("frequency", 1, 1000), p.relation("relation"));
    }

    static Frequency random(Random rnd) {
      return new Frequency(
          pick(rnd, 1).get(0), 1 + rnd.nextInt(4), Relation.values()[rnd.nextInt(2)]);
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return "Use the word \""
          + keyword
          + "\" "
          + relation.words()
          + " "
          + Text.plural(frequency, "time", "times")
          + " in your response.";
    }

    @Override
    public Map<String, Object> parameters() {
      return Params.map("keyword", keyword, "frequency", frequency, "relation", relation.wire());
    }

    @Override
    public Verdict check(String response) {
      int found = Text.count(pattern(keyword, "", ""), response);
      return Verdict.when(
          relation.holds(found, frequency),
          "found \"%s\" %s, expected %s %d",
          keyword,
          Text.plural(found, "time", "times"),
          relation.words(),
          frequency);
    }
  }

  /** None of the words may appear as a whole word, in any case. */
  public record ForbiddenWords(List<String> forbiddenWords) implements VerifiableInstruction {
    public static final String ID = "keywords:forbidden_words";

    public ForbiddenWords {
      forbiddenWords = List.copyOf(forbiddenWords);
    }

    static ForbiddenWords from(Params p) {
      return new ForbiddenWords(p.only("forbidden_words").strings("forbidden_words"));
    }

    static ForbiddenWords random(Random rnd) {
      return new ForbiddenWords(pick(rnd, 1 + rnd.nextInt(3)));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return "Do not use "
          + (forbiddenWords.size() == 1 ? "the word " : "any of these words: ")
          + quoted(forbiddenWords)
          + ".";
    }

    @Override
    public Map<String, Object> parameters() {
      return Params.map("forbidden_words", forbiddenWords);
    }

    @Override
    public Verdict check(String response) {
      List<String> used =
          forbiddenWords.stream()
              .filter(
                  w -> pattern(w, Text.WORD_BOUNDARY, Text.WORD_BOUNDARY).matcher(response).find())
              .toList();
      return Verdict.when(used.isEmpty(), "uses forbidden word(s) %s", quoted(used));
    }
  }

  /** A letter must occur fewer than, or at least, so many times (case-insensitive). */
  public record LetterFrequency(String letter, int letFrequency, Relation letRelation)
      implements VerifiableInstruction {
    public static final String ID = "keywords:letter_frequency";

    public LetterFrequency {
      letter = Text.lower(letter.strip());
      if (!letter.matches("[a-z]") || letFrequency < 1) {
        throw new IllegalArgumentException(
            "Instruction '" + ID + "' needs one letter a-z and a frequency >= 1, got: " + letter);
      }
    }

    static LetterFrequency from(Params p) {
      p.only("letter", "let_frequency", "let_relation");
      return new LetterFrequency(
          p.string("letter"), p.integer("let_frequency", 1, 100_000), p.relation("let_relation"));
    }

    static LetterFrequency random(Random rnd) {
      return new LetterFrequency(
          String.valueOf((char) ('a' + rnd.nextInt(26))),
          1 + rnd.nextInt(12),
          Relation.values()[rnd.nextInt(2)]);
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return "The letter \""
          + letter
          + "\" should occur "
          + letRelation.words()
          + " "
          + Text.plural(letFrequency, "time", "times")
          + " in your response, counting upper and lower case.";
    }

    @Override
    public Map<String, Object> parameters() {
      return Params.map(
          "letter", letter, "let_frequency", letFrequency, "let_relation", letRelation.wire());
    }

    @Override
    public Verdict check(String response) {
      int c = letter.charAt(0);
      int found = (int) Text.lower(response).chars().filter(ch -> ch == c).count();
      return Verdict.when(
          letRelation.holds(found, letFrequency),
          "found the letter \"%s\" %s, expected %s %d",
          letter,
          Text.plural(found, "time", "times"),
          letRelation.words(),
          letFrequency);
    }
  }
}
