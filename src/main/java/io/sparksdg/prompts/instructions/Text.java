package io.sparksdg.prompts.instructions;

import com.ibm.icu.text.UnicodeSet;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text primitives with the semantics of the Python string and regex functions IFEval's checkers are
 * built on (what counts as whitespace, a word character, upper case), so that our verdicts agree
 * with the reference on unusual input, not only on plain English.
 */
final class Text {

  /**
   * Flags that make java.util.regex behave like Python's {@code re} on str: '.', '^' and '$' know
   * only '\n' as a line end, and classes such as \s, \d and \b are Unicode-aware.
   */
  static final int PY = Pattern.UNIX_LINES | Pattern.UNICODE_CHARACTER_CLASS;

  static final int PY_IGNORE_CASE = PY | Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

  /** Python's \w: letters, digits (any numeric character) and the underscore. */
  static final String WORD_CHAR = "[\\p{L}\\p{N}_]";

  private Text() {}

  /** Python's str.isspace() for one code point. */
  static boolean isSpace(int cp) {
    return Character.isWhitespace(cp)
        || Character.isSpaceChar(cp)
        || cp == 0x85
        || (cp >= 0x1c && cp <= 0x1f);
  }

  static boolean isBlank(String s) {
    return strip(s).isEmpty();
  }

  /** Python's str.strip(): removes leading and trailing whitespace. */
  static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.codePointAt(start))) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && isSpace(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }

  /** Python's str.rstrip(): removes trailing whitespace. */
  static String rstrip(String s) {
    int end = s.length();
    while (end > 0 && isSpace(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(0, end);
  }

  /** Python's str.strip(chars) for a set of BMP characters. */
  static String strip(String s, String chars) {
    return rstrip(lstrip(s, chars), chars);
  }

  static String lstrip(String s, String chars) {
    int start = 0;
    while (start < s.length() && chars.indexOf(s.charAt(start)) >= 0) {
      start++;
    }
    return s.substring(start);
  }

  static String rstrip(String s, String chars) {
    int end = s.length();
    while (end > 0 && chars.indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    return s.substring(0, end);
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** Python's str.isupper(): some cased character, and no lowercase or titlecase one. */
  static boolean isUpper(String s) {
    return caseOnly(s, true);
  }

  /** Python's str.islower(): some cased character, and no uppercase or titlecase one. */
  static boolean isLower(String s) {
    return caseOnly(s, false);
  }

  private static boolean caseOnly(String s, boolean upper) {
    boolean cased = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      boolean isUp = Character.isUpperCase(cp);
      boolean isLow = Character.isLowerCase(cp);
      if (Character.isTitleCase(cp) || (upper ? isLow : isUp)) {
        return false;
      }
      cased |= upper ? isUp : isLow;
    }
    return cased;
  }

  /**
   * The regex module's \w (which NLTK's tokenizers run on), by Unicode's definition of a word
   * character: letters and other alphabetic characters, marks, decimal digits, connector
   * punctuation and the joiners. Unlike Python's re it takes combining marks (Indic vowel signs,
   * Thai vowels, NFD accents), U+200D and '‿', and leaves out '½', '²' and '①'.
   */
  static final UnicodeSet NLTK_WORD_CHAR =
      new UnicodeSet("[\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}]").freeze();

  /** Words as IFEval counts them (NLTK's RegexpTokenizer(r"\w+")): runs of NLTK word characters. */
  static int countWords(String s) {
    int n = 0;
    boolean inWord = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      boolean word = NLTK_WORD_CHAR.contains(cp);
      if (word && !inWord) {
        n++;
      }
      inWord = word;
    }
    return n;
  }

  /** Non-overlapping matches, as len(re.findall(...)) counts them. */
  static int count(Pattern pattern, String s) {
    Matcher m = pattern.matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** Python's re.split: keeps leading and trailing empty pieces. */
  static String[] split(Pattern pattern, String s) {
    return pattern.split(s, -1);
  }

  /** Python's \b, as Python's re judges a word boundary. */
  static final String WORD_BOUNDARY =
      "(?:(?<=" + WORD_CHAR + ")(?!" + WORD_CHAR + ")|(?<!" + WORD_CHAR + ")(?=" + WORD_CHAR + "))";

  /** Ends a number phrase with the right noun: "1 time", "3 times". */
  static String plural(int n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
