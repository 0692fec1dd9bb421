package io.sparksdg.prompts.instructions;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Words as NLTK's word_tokenize cuts them (its NLTKWordTokenizer rules, in their order), which is
 * how IFEval counts words in capitals. The rules only insert spaces around quotes, punctuation,
 * brackets, dashes and clitics, then split at whitespace: "DON’T" is "DON", "’", "T"; "WAIT...NOW"
 * is "WAIT", "...", "NOW"; "STOP—NOW" is three tokens; "DON'T" is "DO", "N'T".
 *
 * <p>As word_tokenize does, the text is first split into sentences ({@link Sentences}): a period
 * that ends a sentence is cut off, which lets "DIDN'T." become "DID", "N'T" and ".".
 */
final class WordTokens {

  private record Rule(Pattern pattern, String replacement) {
    Rule(String regex, String replacement) {
      this(Pattern.compile(regex, Text.PY), replacement);
    }

    String apply(String text) {
      return pattern.matcher(text).replaceAll(replacement);
    }
  }

  private static final List<Rule> STARTING_QUOTES =
      List.of(
          new Rule("([«“‘„]|`+)", " $1 "),
          new Rule("^\"", "``"),
          new Rule("(``)", " $1 "),
          new Rule("([ (\\[{<])(\"|'{2})", "$1 `` "),
          new Rule("(?i)(?<!\\w)(')(?!(?:re|ve|ll|m|t|s|d|n)\\b)(?=\\w)", "$1 "));

  private static final List<Rule> PUNCTUATION =
      List.of(
          new Rule("([^.])(\\.)([\\])}>\"'»”’ ]*+)\\s*$", "$1 $2 $3 "),
          new Rule("([:,])([^\\d])", " $1 $2"),
          new Rule("([:,])$", " $1 "),
          new Rule("\\.{2,}", " $0 "),
          new Rule("[;@#$%&]", " $0 "),
          new Rule("[\u2012-\u2015]", " $0 "), // figure dash, en and em dashes, horizontal bar
          new Rule("([^.])(\\.)([\\])}>\"']*)\\s*$", "$1 $2$3 "),
          new Rule("[?!]", " $0 "),
          new Rule("([^'])' ", "$1 ' "),
          new Rule("[*]", " $0 "),
          new Rule("[\\]\\[(){}<>]", " $0 "),
          new Rule("--", " -- "));

  private static final List<Rule> ENDING_QUOTES =
      List.of(
          new Rule("([»”’])", " $1 "),
          new Rule("''", " '' "),
          new Rule("\"", " '' "),
          new Rule("\\s+", " "),
          new Rule("([^' ])('[sS]|'[mM]|'[dD]|') ", "$1 $2 "),
          new Rule("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ", "$1 $2 "));

  /**
   * MacIntyre's contractions. NLTK compiles these with Python's re, not the regex module, so \b is
   * Python's: "½CANNOT" stays one token ('½' is a word character to re).
   */
  private static final List<Rule> CONTRACTIONS =
      List.of(
          contraction("(?i)\\b(can)(not)\\b"),
          contraction("(?i)\\b(d)('ye)\\b"),
          contraction("(?i)\\b(gim)(me)\\b"),
          contraction("(?i)\\b(gon)(na)\\b"),
          contraction("(?i)\\b(got)(ta)\\b"),
          contraction("(?i)\\b(lem)(me)\\b"),
          contraction("(?i)\\b(more)('n)\\b"),
          contraction("(?i)\\b(wan)(na)(?=\\s)"),
          contraction("(?i) ('t)(is)\\b"),
          contraction("(?i) ('t)(was)\\b"));

  private static Rule contraction(String regex) {
    return new Rule(regex.replace("\\b", Text.WORD_BOUNDARY), " $1 $2 ");
  }

  private WordTokens() {}

  static List<String> of(String text) {
    List<String> tokens = new ArrayList<>();
    for (String sentence : Sentences.split(text)) {
      tokens.addAll(ofSentence(sentence));
    }
    return tokens;
  }

  private static List<String> ofSentence(String sentence) {
    String s = sentence;
    for (Rule r : STARTING_QUOTES) {
      s = r.apply(s);
    }
    for (Rule r : PUNCTUATION) {
      s = r.apply(s);
    }
    s = " " + s + " ";
    for (Rule r : ENDING_QUOTES) {
      s = r.apply(s);
    }
    for (Rule r : CONTRACTIONS) {
      s = r.apply(s);
    }
    return split(s);
  }

  /** Python's str.split(): at runs of whitespace, no empty pieces. */
  private static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (Text.isSpace(cp)) {
        if (start >= 0) {
          out.add(s.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
      i += Character.charCount(cp);
    }
    if (start >= 0) {
      out.add(s.substring(start));
    }
    return out;
  }
}
