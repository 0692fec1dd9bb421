package io.sparksdg.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated instruct model's special roles, recognised from the request: a pairwise judge, the
 * user side of a dialogue, and a math solver.
 *
 * <ul>
 *   <li>Judge (the prompt shows "[Response A]" and "[Response B]" and asks for "[[A]]"): prefers
 *       the longer response, ties on equal length; for about one pair in four it always names the
 *       first position, so asking twice with the responses swapped exposes it.
 *   <li>User side (a system message saying "You are the user"): a short follow-up question about
 *       the assistant's last answer, shaped by the persona, sometimes wrapped in polite filler.
 *   <li>Keyword classifier (the prompt asks whether an entity is a keyword and ends "Answer yes or
 *       no."): "no" for about one entity in four, by a hash of the entity and the question, "yes"
 *       otherwise, in varied forms ("Yes.", "**Yes**", "yes, it is", "No, because ...").
 *   <li>Math (the prompt asks for "#### &lt;number&gt;"): a worked answer ending in "#### N", where
 *       N is the sum of the question's numbers half the time and another combination otherwise, so
 *       some answers are right and some wrong.
 * </ul>
 */
final class Roles {

  private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
  private static final Pattern RESPONSE_A =
      Pattern.compile("\\[Response A]\\s*(.*?)\\s*\\[Response B]\\s*(.*)", Pattern.DOTALL);

  private Roles() {}

  static boolean isPairwiseJudge(String last) {
    return last.contains("[Response A]") && last.contains("[Response B]") && last.contains("[[A]]");
  }

  static boolean isUserSide(List<SimRequest.Turn> messages) {
    return !messages.isEmpty()
        && messages.get(0).role().equals("system")
        && messages.get(0).content().contains("You are the user");
  }

  static boolean isKeywordClassifier(String last) {
    return last.contains("keyword") && last.strip().endsWith("Answer yes or no.");
  }

  /** The verdict on one classification question; the same question always gets the same one. */
  static String classifyKeyword(String prompt) {
    int h = Math.floorMod(prompt.strip().hashCode(), 16);
    String verdict;
    if (h < 4) {
      verdict = h % 2 == 0 ? "No." : "No, because it is too general to be a keyword of its own.";
    } else {
      verdict =
          switch (h % 4) {
            case 0 -> "Yes.";
            case 1 -> "**Yes**";
            case 2 -> "yes, it is";
            default -> "Yes";
          };
    }
    // The verdict must come first, so the simulated mark goes last.
    return verdict + " " + TextGen.MARK.strip();
  }

  static boolean isMath(String last) {
    return last.contains("#### <number>");
  }

  static String judge(String prompt) {
    Matcher m = RESPONSE_A.matcher(prompt);
    if (!m.find()) {
      return TextGen.MARK + "I cannot find the two responses. [[C]]";
    }
    String a = m.group(1);
    String b = m.group(2);
    String lo = a.compareTo(b) <= 0 ? a : b;
    String hi = a.compareTo(b) <= 0 ? b : a;
    if (Math.floorMod((lo + "\u0000" + hi).hashCode(), 4) == 0) {
      return TextGen.MARK + "Response A reads better to me.\n[[A]]";
    }
    int wa = TextGen.wordCount(a);
    int wb = TextGen.wordCount(b);
    String verdict = wa == wb ? "[[C]]" : wa > wb ? "[[A]]" : "[[B]]";
    return TextGen.MARK + "The more complete response is the better one.\n" + verdict;
  }

  static String userTurn(List<SimRequest.Turn> messages, SplittableRandom random) {
    String persona = messages.get(0).content();
    String lastAnswer = "";
    for (int i = messages.size() - 1; i >= 0; i--) {
      // On the user side, the assistant's answers arrive as "user" messages.
      if (messages.get(i).role().equals("user")) {
        lastAnswer = messages.get(i).content();
        break;
      }
    }
    List<String> keywords = TextGen.keywords(lastAnswer, random);
    String about = keywords.isEmpty() ? "that" : String.join(" and ", keywords);
    String question;
    if (persona.contains("busy person")) {
      question = "Short version for " + about + "?";
    } else if (persona.contains("expert")) {
      question =
          "How does "
              + about
              + " hold up in edge cases, and what trade-offs would you weigh against "
              + TextGen.topic(random)
              + "?";
    } else {
      question = "Can you tell me more about " + about + "?";
    }
    return switch (random.nextInt(4)) {
      case 0 -> "Thank you so much, that was helpful! " + question;
      case 1 -> "Please, " + Character.toLowerCase(question.charAt(0)) + question.substring(1);
      case 2 -> question + " Thanks!";
      default -> question;
    };
  }

  static String math(String prompt, SplittableRandom random) {
    String question = prompt.substring(0, Math.max(0, prompt.indexOf("Solve the problem")));
    List<Double> numbers = new ArrayList<>();
    Matcher m = NUMBER.matcher(question.isEmpty() ? prompt : question);
    while (m.find()) {
      numbers.add(Double.parseDouble(m.group()));
    }
    double sum = numbers.stream().mapToDouble(Double::doubleValue).sum();
    double a = numbers.isEmpty() ? 1 : numbers.get(0);
    double b = numbers.size() < 2 ? 2 : numbers.get(1);
    double answer =
        switch (random.nextInt(6)) {
          case 0, 1, 2 -> sum;
          case 3 -> a * b;
          case 4 -> Math.abs(a - b);
          default -> sum + 1 + random.nextInt(9);
        };
    String shown =
        answer == Math.rint(answer) ? Long.toString((long) answer) : Double.toString(answer);
    return TextGen.MARK
        + "Let me work through the quantities in the problem: "
        + numbers.stream().map(Roles::plain).toList()
        + ". Combining them step by step gives "
        + shown
        + ".\n#### "
        + shown;
  }

  private static String plain(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
