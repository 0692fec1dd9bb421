package io.sparksdg.sim;

import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated model's answers to code prompts (those asking for one fenced {@code python} code
 * block): a line of prose and a function that sums a list of numbers, named as the prompt names it
 * ({@code `name(...)`}, else {@code solve}). Deterministic per request and choice: half are right,
 * the others off by one, raising, or not code at all, so a prompt's responses often disagree under
 * its tests.
 */
final class CodeAnswers {

  private static final Pattern NAMED = Pattern.compile("`([A-Za-z_][A-Za-z0-9_]*)\\(");

  private CodeAnswers() {}

  /** Whether the prompt asks for a problem's function and its assert tests. */
  static boolean isTestWriter(String last) {
    return last.contains("as plain Python assert lines");
  }

  /** The function {@code solve(xs)} and three asserts of what it returns: a list's sum. */
  static String tests() {
    return TextGen.MARK
        + "The function and its tests.\n\n```python\ndef solve(xs):\n"
        + "assert solve([1, 2, 3]) == 6\nassert solve([]) == 0\nassert solve([-4, 4, 10]) == 10\n"
        + "```\n";
  }

  static boolean isCode(String last) {
    return last.contains("in one fenced ```python code block");
  }

  static String answer(String prompt, SplittableRandom random) {
    Matcher m = NAMED.matcher(prompt);
    String name = m.find() ? m.group(1) : "solve";
    String body =
        switch (random.nextInt(6)) {
          case 0, 1, 2 -> "    total = 0\n    for x in xs:\n        total += x\n    return total\n";
          case 3 -> "    return sum(xs) + 1\n";
          case 4 -> "    raise NotImplementedError(\"" + name + " is left as an exercise\")\n";
          default -> null;
        };
    if (body == null) {
      return TextGen.MARK + "Add the numbers one by one, keeping a running total.";
    }
    return TextGen.MARK
        + "Here is a solution.\n\n```python\ndef "
        + name
        + "(xs):\n"
        + body
        + "```\n";
  }
}
