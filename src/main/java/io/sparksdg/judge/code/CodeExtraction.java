package io.sparksdg.judge.code;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The code of a response: the longest fenced block labelled {@code python} or {@code py} (the last
 * of equally long ones), else the longest unlabelled fenced block, else the whole response when it
 * reads as Python (a line starting {@code def}, {@code class}, {@code import} or {@code from}). The
 * longest rather than the last, because a chatty model often ends with a short usage example after
 * its solution.
 */
public final class CodeExtraction {

  private static final Pattern FENCE =
      Pattern.compile("(?ms)^[ \\t]*```[ \\t]*([A-Za-z0-9_+-]*)[^\\n]*\\n(.*?)^[ \\t]*```");
  private static final Pattern CODE_LINE =
      Pattern.compile("(?m)^(def |class |import |from \\S+ import )");
  private static final Pattern THINK = Pattern.compile("(?s)^\\s*<think>.*?</think>");

  private CodeExtraction() {}

  /** The code to run, or empty when the response holds none. */
  public static Optional<String> code(String response) {
    if (response == null || response.isBlank()) {
      return Optional.empty();
    }
    String text = THINK.matcher(response).replaceFirst("");
    String labelled = null;
    String unlabelled = null;
    Matcher m = FENCE.matcher(text);
    while (m.find()) {
      String label = m.group(1).toLowerCase(java.util.Locale.ROOT);
      String body = m.group(2);
      if (label.equals("python") || label.equals("py") || label.equals("python3")) {
        labelled = longer(labelled, body);
      } else if (label.isEmpty()) {
        unlabelled = longer(unlabelled, body);
      }
    }
    String code = labelled != null ? labelled : unlabelled;
    if (code == null && CODE_LINE.matcher(text).find()) {
      code = text;
    }
    return code == null || code.isBlank() ? Optional.empty() : Optional.of(code);
  }

  private static String longer(String best, String candidate) {
    return best == null || candidate.strip().length() >= best.strip().length() ? candidate : best;
  }
}
