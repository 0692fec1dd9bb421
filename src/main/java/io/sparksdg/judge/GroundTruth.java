package io.sparksdg.judge;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The most trusted judge: a response to a math prompt is right when its final answer equals the
 * answer key. Answer keys come GSM8K-style, the worked solution ending in {@code #### <number>}; a
 * response's final answer is, in order of preference, the number after its last {@code ####}, after
 * its last "answer is", in its last {@code \boxed{}}, or else its last number.
 */
public final class GroundTruth {

  private static final String NUMBER = "-?\\$?\\s*\\d[\\d,]*(?:\\.\\d+)?";
  private static final Pattern MARKED = Pattern.compile("####\\s*(" + NUMBER + ")");
  private static final Pattern ANSWER_IS =
      Pattern.compile("answer\\s*(?:is|:)\\s*\\**\\s*(" + NUMBER + ")", Pattern.CASE_INSENSITIVE);
  private static final Pattern BOXED = Pattern.compile("\\\\boxed\\{\\s*(" + NUMBER + ")\\s*}");
  private static final Pattern ANY = Pattern.compile(NUMBER);

  private GroundTruth() {}

  /** The number after the last {@code ####} of a GSM8K answer, or empty. */
  public static Optional<BigDecimal> answerKey(String answer) {
    return last(MARKED, answer);
  }

  /** The final answer a response gives, or empty when it gives no number. */
  public static Optional<BigDecimal> finalAnswer(String response) {
    for (Pattern p : new Pattern[] {MARKED, ANSWER_IS, BOXED}) {
      Optional<BigDecimal> found = last(p, response);
      if (found.isPresent()) {
        return found;
      }
    }
    Matcher m = ANY.matcher(response == null ? "" : response);
    String last = null;
    while (m.find()) {
      last = m.group();
    }
    return last == null ? Optional.empty() : parse(last);
  }

  /** Whether the response's final answer equals the key (numerically: 18 equals 18.00). */
  public static boolean correct(String response, BigDecimal key) {
    return finalAnswer(response).map(a -> a.compareTo(key) == 0).orElse(false);
  }

  private static Optional<BigDecimal> last(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text == null ? "" : text);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    return last == null ? Optional.empty() : parse(last);
  }

  private static Optional<BigDecimal> parse(String number) {
    String cleaned = number.replaceAll("[\\s,$]", "");
    try {
      return Optional.of(new BigDecimal(cleaned));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
