package io.sparksdg.report;

import java.util.regex.Pattern;

/**
 * A group of failures with one cause: the stage, the error class and the message with its
 * record-specific parts (numbers, ids, quoted values) masked, so that failures for the same reason
 * count together; {@code example} is one of the group's messages as it was, with its real numbers
 * (status codes, attempts), which is what the report and the console show.
 */
public record FailureReason(
    String stage, String errorClass, String message, long count, String example) {

  /** The message to show: the real example when there is one, else the normalized message. */
  public String shown() {
    return example == null || example.isBlank() ? message : oneLine(example);
  }

  /** A message on one line, cut to {@value #MAX_MESSAGE} characters. */
  static String oneLine(String message) {
    String m = SPACES.matcher(message).replaceAll(" ").strip();
    return m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE - 1) + "…";
  }

  /** Longest normalized message kept; the rest of a message rarely tells reasons apart. */
  static final int MAX_MESSAGE = 160;

  private static final Pattern QUOTED = Pattern.compile("(?<!\\w)'[^']*'(?!\\w)|\"[^\"]*\"");
  private static final Pattern HEX_ID = Pattern.compile("\\b(?=[0-9a-f-]*\\d)[0-9a-f-]{8,}\\b");
  private static final Pattern NUMBER = Pattern.compile("\\b\\d+(?:\\.\\d+)?\\b");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  /**
   * The message with quoted values as {@code '…'}, hex ids as {@code <id>} and numbers as {@code
   * <n>}, whitespace collapsed, cut to {@value #MAX_MESSAGE} characters; null as empty.
   */
  public static String normalize(String message) {
    if (message == null) {
      return "";
    }
    String m = QUOTED.matcher(message).replaceAll("'…'");
    m = HEX_ID.matcher(m).replaceAll("<id>");
    m = NUMBER.matcher(m).replaceAll("<n>");
    m = SPACES.matcher(m).replaceAll(" ").strip();
    return m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE - 1) + "…";
  }
}
