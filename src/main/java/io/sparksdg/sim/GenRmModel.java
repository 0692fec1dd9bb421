package io.sparksdg.sim;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The simulated generative reward model: a model whose name contains "genrm", asked with the two
 * responses as messages of the roles {@code response_1} and {@code response_2} after the
 * conversation, answers as NVIDIA's HelpSteer3 GenRMs do: a short analysis of each response, a
 * helpfulness score of 1 to 5 each in "[The Begin of Individual Scores] \boxed{x, y} [The End of
 * Individual Scores]", and a ranking of 1 (the first is much better) to 6 (the second is much
 * better) in "[The Begin of Ranking Score] \boxed{z} [The End of Ranking Score]".
 *
 * <p>A response's score is a fixed function of its text (longer is more helpful, a hash of the text
 * moves it by one at most), so the ranking agrees with itself when the responses swap places; equal
 * scores are broken by a hash of the two texts, also independent of their order. For about one pair
 * in eight (by a hash of the two texts, in either order) the model favours the position shown first
 * whatever it reads, so asking twice with the responses swapped exposes it.
 */
final class GenRmModel {

  static final String FIRST_ROLE = "response_1";
  static final String SECOND_ROLE = "response_2";

  private GenRmModel() {}

  /** Whether the request is for a GenRM and carries the two responses it compares. */
  static boolean isGenRm(SimRequest request) {
    return request.model().toLowerCase(Locale.ROOT).contains("genrm")
        && content(request.messages(), FIRST_ROLE) != null
        && content(request.messages(), SECOND_ROLE) != null;
  }

  static String answer(SimRequest request) {
    String first = content(request.messages(), FIRST_ROLE);
    String second = content(request.messages(), SECOND_ROLE);
    int s1 = score(first);
    int s2 = score(second);
    int ranking;
    if (favoursFirstPosition(first, second)) {
      ranking = s1 == s2 ? 3 : 2;
      int hi = Math.max(s1, s2);
      s2 = Math.min(s1, s2);
      s1 = hi;
    } else {
      ranking = ranking(s1 - s2, hash(first) <= hash(second));
    }
    return TextGen.MARK
        + analysis(1, first, s1)
        + "\n\n"
        + analysis(2, second, s2)
        + "\n\n[The Begin of Individual Scores]\n\\boxed{"
        + s1
        + ", "
        + s2
        + "}\n[The End of Individual Scores]\n\n[The Begin of Ranking Score]\n\\boxed{"
        + ranking
        + "}\n[The End of Ranking Score]";
  }

  /** Helpfulness 1-5: the response's detail (by its length), moved by a hash of its text. */
  static int score(String text) {
    double words = TextGen.wordCount(text);
    double detail = Math.min(1.0, Math.log1p(words) / Math.log(300));
    long jitter = Math.floorMod(hash(text), 3) - 1;
    return (int) Math.max(1, Math.min(5, Math.round(1 + 4 * detail + 0.5 * jitter)));
  }

  /** The ranking for a score difference (first minus second); {@code firstWinsTie} on a tie. */
  private static int ranking(int difference, boolean firstWinsTie) {
    if (difference >= 2) {
      return 1;
    } else if (difference == 1) {
      return 2;
    } else if (difference == 0) {
      return firstWinsTie ? 3 : 4;
    } else if (difference == -1) {
      return 5;
    }
    return 6;
  }

  private static boolean favoursFirstPosition(String a, String b) {
    String lo = a.compareTo(b) <= 0 ? a : b;
    String hi = a.compareTo(b) <= 0 ? b : a;
    return Math.floorMod(Json.mix(hash(lo), hash(hi)), 8) == 0;
  }

  private static String analysis(int position, String text, int score) {
    return "[The Begin of Analysis on Response "
        + position
        + "]\nResponse "
        + position
        + " has "
        + TextGen.wordCount(text)
        + " words and "
        + (score >= 4 ? "covers the question well" : score >= 3 ? "is adequate" : "is thin")
        + ".\n[The End of Analysis on Response "
        + position
        + "]";
  }

  private static long hash(String text) {
    long h = 1125899906842597L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h = 31 * h + b;
    }
    return Json.mix(h);
  }

  private static String content(List<SimRequest.Turn> messages, String role) {
    for (SimRequest.Turn turn : messages) {
      if (role.equals(turn.role())) {
        return turn.content() == null ? "" : turn.content();
      }
    }
    return null;
  }
}
