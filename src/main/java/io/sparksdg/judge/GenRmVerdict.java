package io.sparksdg.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A generative reward model's answer on two responses, as NVIDIA's HelpSteer3 GenRMs give it: a
 * reasoning text, then a helpfulness score of 1 to 5 per response in a block "[The Begin of
 * Individual Scores] \boxed{x, y} [The End of Individual Scores]", then a ranking score of 1 to 6
 * in "[The Begin of Ranking Score] \boxed{z} [The End of Ranking Score]" (1: the first response is
 * much better, 3: slightly better, 4: the second is slightly better, 6: much better). The parse is
 * tolerant of spacing, missing brackets and labels written as "Ranking Score: 5"; the last block of
 * each kind counts. A part that is missing or out of range is null and the reason is in {@link
 * #problems}.
 *
 * @param reasoning the model's reasoning: the server's separate reasoning when it sent one,
 *     otherwise the reply's text before the scores; null when there is none
 * @param firstScore helpfulness of the response shown first (1-5), or null
 * @param secondScore helpfulness of the response shown second (1-5), or null
 * @param ranking the ranking score (1-6) as the model stated it, or null
 * @param problems why a part is null, in reading order; empty when the reply parsed whole
 */
public record GenRmVerdict(
    String reasoning,
    Integer firstScore,
    Integer secondScore,
    Integer ranking,
    List<String> problems) {

  public static final int MIN_SCORE = 1;
  public static final int MAX_SCORE = 5;
  public static final int MIN_RANKING = 1;
  public static final int MAX_RANKING = 6;

  private static final String NUMBER = "(-?\\d+(?:\\.\\d+)?)";
  private static final String OPEN_BOX = "(?:\\\\boxed\\s*\\{)?\\s*";
  private static final String LABEL_END = "\\s*(?:\\]|:|=)?\\s*";
  private static final Pattern SCORES =
      Pattern.compile(
          "(?:begin\\s+of\\s+(?:the\\s+)?individual\\s+scores?|individual\\s+scores?)"
              + LABEL_END
              + OPEN_BOX
              + NUMBER
              + "\\s*,\\s*"
              + NUMBER,
          Pattern.CASE_INSENSITIVE);
  private static final Pattern RANKING =
      Pattern.compile(
          "(?:begin\\s+of\\s+(?:the\\s+)?ranking\\s+score|ranking\\s+score)"
              + LABEL_END
              + OPEN_BOX
              + NUMBER,
          Pattern.CASE_INSENSITIVE);
  // newer NVIDIA GenRMs answer a JSON verdict: {"score_1": 4, "score_2": 3, "ranking": 2}
  private static final Pattern JSON_SCORES =
      Pattern.compile("\"score_1\"\\s*:\\s*" + NUMBER + "\\s*,\\s*\"score_2\"\\s*:\\s*" + NUMBER);
  private static final Pattern JSON_RANKING = Pattern.compile("\"ranking\"\\s*:\\s*" + NUMBER);
  private static final Pattern SCORES_START =
      Pattern.compile(
          "\\[?\\s*the\\s+begin\\s+of\\s+individual\\s+scores?", Pattern.CASE_INSENSITIVE);
  private static final Pattern ANY_LABEL =
      Pattern.compile(
          "\\[?\\s*(?:the\\s+begin\\s+of\\s+)?(?:individual\\s+scores?|ranking\\s+score)",
          Pattern.CASE_INSENSITIVE);

  public GenRmVerdict {
    problems = problems == null ? List.of() : List.copyOf(problems);
  }

  /** The verdict in {@code reply}; {@code reasoningContent} is the server's separate reasoning. */
  public static GenRmVerdict parse(String reply, String reasoningContent) {
    String text = reply == null ? "" : reply;
    List<String> problems = new ArrayList<>();
    Integer first = null;
    Integer second = null;
    MatchResult scores = last(SCORES, text);
    if (scores == null) {
      scores = last(JSON_SCORES, text);
    }
    if (scores == null) {
      problems.add("no individual scores");
    } else {
      first = inRange(scores.group(1), MIN_SCORE, MAX_SCORE, "individual score", problems);
      second = inRange(scores.group(2), MIN_SCORE, MAX_SCORE, "individual score", problems);
      if (first == null || second == null) {
        first = null;
        second = null;
      }
    }
    Integer ranking = null;
    MatchResult rank = last(RANKING, text);
    if (rank == null) {
      rank = last(JSON_RANKING, text);
    }
    if (rank == null) {
      problems.add("no ranking score");
    } else {
      ranking = inRange(rank.group(1), MIN_RANKING, MAX_RANKING, "ranking score", problems);
    }
    return new GenRmVerdict(reasoning(text, reasoningContent), first, second, ranking, problems);
  }

  /**
   * The position the ranking prefers: {@link PairwiseVerdict#A} (shown first) for 1 to 3, {@link
   * PairwiseVerdict#B} for 4 to 6; empty without a ranking. The scale has no tie: 3 and 4 are a
   * slight preference, which the position swap then confirms or rejects.
   */
  public Optional<PairwiseVerdict> preferred() {
    if (ranking == null) {
      return Optional.empty();
    }
    return Optional.of(ranking <= 3 ? PairwiseVerdict.A : PairwiseVerdict.B);
  }

  /** The reasons joined for a message, or "" when there are none. */
  public String problemText() {
    return String.join("; ", problems);
  }

  private static MatchResult last(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    MatchResult found = null;
    while (m.find()) {
      found = m.toMatchResult();
    }
    return found;
  }

  private static Integer inRange(
      String number, int min, int max, String what, List<String> problems) {
    double value = Double.parseDouble(number);
    if (value != Math.rint(value) || value < min || value > max) {
      problems.add(
          String.format("%s %s is not a whole number from %d to %d", what, number, min, max));
      return null;
    }
    return (int) value;
  }

  private static String reasoning(String text, String reasoningContent) {
    if (reasoningContent != null && !reasoningContent.isBlank()) {
      return reasoningContent.strip();
    }
    Matcher start = SCORES_START.matcher(text);
    Matcher label = ANY_LABEL.matcher(text);
    int end = start.find() ? start.start() : label.find() ? label.start() : -1;
    if (end < 0) {
      end = boxedStart(text);
    }
    String before = text.substring(0, end < 0 ? text.length() : end).strip();
    return before.isEmpty() ? null : before;
  }

  private static int boxedStart(String text) {
    return text.indexOf("\\boxed");
  }
}
