package io.sparksdg.model.http;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads gauges out of a Prometheus text exposition (format 0.0.4, which OpenMetrics text also
 * parses as for plain samples): for each wanted metric name, the sum of its samples over all label
 * sets (vLLM labels by model and engine, SGLang by model and data-parallel rank; a server with
 * several sums to its total). Tolerant: comments, unknown metrics, malformed lines, {@code NaN}s
 * and timestamps are skipped, so one odd line never hides the rest.
 */
final class PrometheusText {

  private PrometheusText() {}

  /** The summed value of each name in {@code wanted} that has at least one finite sample. */
  static Map<String, Double> gauges(CharSequence text, Set<String> wanted) {
    Map<String, Double> sums = new HashMap<>();
    int length = text.length();
    int start = 0;
    while (start < length) {
      int end = start;
      while (end < length && text.charAt(end) != '\n') {
        end++;
      }
      sample(text, start, end, wanted, sums);
      start = end + 1;
    }
    return sums;
  }

  /** One line: {@code name[{labels}] value [timestamp]}. */
  private static void sample(
      CharSequence text, int start, int end, Set<String> wanted, Map<String, Double> sums) {
    int i = skipBlanks(text, start, end);
    if (i >= end || text.charAt(i) == '#') {
      return;
    }
    int nameStart = i;
    while (i < end && isNameChar(text.charAt(i))) {
      i++;
    }
    String name = text.subSequence(nameStart, i).toString();
    if (name.isEmpty() || !wanted.contains(name)) {
      return;
    }
    i = skipBlanks(text, i, end);
    if (i < end && text.charAt(i) == '{') {
      i = skipLabels(text, i + 1, end);
      if (i < 0) {
        return;
      }
    }
    i = skipBlanks(text, i, end);
    int valueStart = i;
    while (i < end && !Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    double value = parseValue(text.subSequence(valueStart, i).toString());
    if (Double.isFinite(value)) {
      sums.merge(name, value, Double::sum);
    }
  }

  /** Past the closing brace of a label set, minding quoted values; -1 if it never closes. */
  private static int skipLabels(CharSequence text, int i, int end) {
    boolean quoted = false;
    while (i < end) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++; // an escaped quote, backslash or newline
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '}') {
        return i + 1;
      }
      i++;
    }
    return -1;
  }

  private static double parseValue(String value) {
    switch (value) {
      case "+Inf", "Inf" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-Inf" -> {
        return Double.NEGATIVE_INFINITY;
      }
      default -> {
        try {
          return Double.parseDouble(value);
        } catch (NumberFormatException e) {
          return Double.NaN;
        }
      }
    }
  }

  private static int skipBlanks(CharSequence text, int i, int end) {
    while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\r')) {
      i++;
    }
    return i;
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == ':';
  }
}
