package io.sparksdg.prompts.instructions;

import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

/** Instructions on the length of a response (IFEval "length_constraints:"). */
public final class Length {

  /** Paragraphs for number_paragraphs: split at ***, with at most one blank on each side. */
  private static final Pattern DIVIDER = Pattern.compile("\\s?\\*\\*\\*\\s?", Text.PY);

  private Length() {}

  /** Fewer than, or at least, so many sentences. */
  public record NumberSentences(int numSentences, Relation relation)
      implements VerifiableInstruction {
    public static final String ID = "length_constraints:number_sentences";

    public NumberSentences {
      if (numSentences < 1) {
        throw new IllegalArgumentException("Instruction '" + ID + "' needs num_sentences >= 1");
      }
    }

    static NumberSentences from(Params p) {
      p.only("num_sentences", "relation");
      return new NumberSentences(p.integer("num_sentences", 1, 10_000), p.relation("relation"));
    }

    static NumberSentences random(Random rnd) {
      return new NumberSentences(1 + rnd.nextInt(12), Relation.values()[rnd.nextInt(2)]);
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return "Write "
          + relation.words()
          + " "
          + Text.plural(numSentences, "sentence", "sentences")
          + ".";
    }

    @Override
    public Map<String, Object> parameters() {
      return Params.map("num_sentences", numSentences, "relation", relation.wire());
    }

    @Override
    public Verdict check(String response) {
      int found = Sentences.count(response);
      return Verdict.when(
          relation.holds(found, numSentences),
          "found %s, expected %s %d",
          Text.plural(found, "sentence", "sentences"),
          relation.words(),
          numSentences);
    }
  }

  /** Exactly so many paragraphs, separated by the markdown divider ***. */
  public record NumberParagraphs(int numParagraphs) implements VerifiableInstruction {
    public static final String ID = "length_constraints:number_paragraphs";

    public NumberParagraphs {
      if (numParagraphs < 1) {
        throw new IllegalArgumentException("Instruction '" + ID + "' needs num_paragraphs >= 1");
      }
    }

    static NumberParagraphs from(Params p) {
      return new NumberParagraphs(p.only("num_paragraphs").integer("num_paragraphs", 1, 1000));
    }

    static NumberParagraphs random(Random rnd) {
      return new NumberParagraphs(1 + rnd.nextInt(5));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return "Write exactly "
          + Text.plural(numParagraphs, "paragraph", "paragraphs")
          + ", separated from one another by the markdown divider ***.";
    }

    @Override
    public Map<String, Object> parameters() {
      return Params.map("num_paragraphs", numParagraphs);
    }

    @Override
    public Verdict check(String response) {
      String[] parts = Text.split(DIVIDER, response);
      int found = parts.length;
      for (int i = 0; i < parts.length; i++) {
        if (Text.isBlank(parts[i])) {
          if (i == 0 || i == parts.length - 1) {
            found--;
          } else {
            return Verdict.fail("paragraph " + (i + 1) + " between two *** dividers is empty");
          }
        }
      }
      return Verdict.when(
          found == numParagraphs,
          "found %s, expected exactly %d",
          Text.plural(found, "paragraph", "paragraphs"),
          numParagraphs);
    }
  }

  /** Fewer than, or at least, so many words. */
  public record NumberWords(int numWords, Relation relation) implements VerifiableInstruction {
    public static final String ID = "length_constraints:number_words";

    public NumberWords {
      if (numWords < 1) {
        throw new IllegalArgumentException("Instruction '" + ID + "' needs num_words >= 1");
      }
    }

    static NumberWords from(Params p) {
      p.only("num_words", "relation");
      return new NumberWords(p.integer("num_words", 1, 1_000_000), p.relation("relation"));
    }

    static NumberWords random(Random rnd) {
      return new NumberWords(10 * (5 + rnd.nextInt(46)), Relation.values()[rnd.nextInt(2)]);
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return relation == Relation.LESS_THAN
          ? "Keep your answer under " + numWords + " words."
          : "Your answer should be at least " + numWords + " words long.";
    }

    @Override
    public Map<String, Object> parameters() {
      return Params.map("num_words", numWords, "relation", relation.wire());
    }

    @Override
    public Verdict check(String response) {
      int found = Text.countWords(response);
      return Verdict.when(
          relation.holds(found, numWords),
          "found %s, expected %s %d",
          Text.plural(found, "word", "words"),
          relation.words(),
          numWords);
    }
  }

  /** Exactly so many blank-line-separated paragraphs, the n-th starting with a given word. */
  public record NthParagraphFirstWord(int numParagraphs, int nthParagraph, String firstWord)
      implements VerifiableInstruction {
    public static final String ID = "length_constraints:nth_paragraph_first_word";

    private static final String WORD_END = ".,?!'\"";

    public NthParagraphFirstWord {
      firstWord = Text.lower(firstWord.strip());
      if (numParagraphs < 1 || nthParagraph < 1 || nthParagraph > numParagraphs) {
        throw new IllegalArgumentException(
            String.format(
                "Instruction '%s' needs 1 <= nth_paragraph <= num_paragraphs, got %d and %d",
                ID, nthParagraph, numParagraphs));
      }
      if (firstWord.isEmpty()) {
        throw new IllegalArgumentException("Instruction '" + ID + "' needs a first_word");
      }
    }

    static NthParagraphFirstWord from(Params p) {
      p.only("num_paragraphs", "nth_paragraph", "first_word");
      return new NthParagraphFirstWord(
          p.integer("num_paragraphs", 1, 1000),
          p.integer("nth_paragraph", 1, 1000),
          p.string("first_word"));
    }

    static NthParagraphFirstWord random(Random rnd) {
      int num = 1 + rnd.nextInt(5);
      return new NthParagraphFirstWord(num, 1 + rnd.nextInt(num), Keywords.pick(rnd, 1).get(0));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return "Write exactly "
          + Text.plural(numParagraphs, "paragraph", "paragraphs")
          + ", separated by one blank line (two newlines) and by nothing else, and begin "
          + "paragraph "
          + nthParagraph
          + " with the word \""
          + firstWord
          + "\".";
    }

    @Override
    public Map<String, Object> parameters() {
      return Params.map(
          "num_paragraphs", numParagraphs, "nth_paragraph", nthParagraph, "first_word", firstWord);
    }

    @Override
    public Verdict check(String response) {
      String[] parts = response.split("\n\n", -1);
      int found = 0;
      for (String part : parts) {
        if (!Text.isBlank(part)) {
          found++;
        }
      }
      // as in the reference, the n-th piece of the split, empty pieces included
      if (nthParagraph > found || Text.isBlank(parts[nthParagraph - 1])) {
        return Verdict.fail(
            String.format(
                "paragraph %d is missing or empty (found %s)",
                nthParagraph, Text.plural(found, "paragraph", "paragraphs")));
      }
      String word = firstWordOf(Text.strip(parts[nthParagraph - 1]));
      if (found != numParagraphs) {
        return Verdict.fail(
            String.format(
                "found %s, expected exactly %d",
                Text.plural(found, "paragraph", "paragraphs"), numParagraphs));
      }
      return Verdict.when(
          word.equals(firstWord),
          "paragraph %d starts with \"%s\", expected \"%s\"",
          nthParagraph,
          word,
          firstWord);
    }

    private static String firstWordOf(String paragraph) {
      int end = 0;
      while (end < paragraph.length() && !Text.isSpace(paragraph.codePointAt(end))) {
        end += Character.charCount(paragraph.codePointAt(end));
      }
      String word = Text.lstrip(Text.lstrip(paragraph.substring(0, end), "'"), "\"");
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < word.length(); i++) {
        if (WORD_END.indexOf(word.charAt(i)) >= 0) {
          break;
        }
        out.append(word.charAt(i));
      }
      return Text.lower(out.toString());
    }
  }
}
