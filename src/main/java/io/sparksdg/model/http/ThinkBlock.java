package io.sparksdg.model.http;

/**
 * A reply's reasoning kept apart from its answer: the message's {@code reasoning_content} (vLLM,
 * SGLang, DeepSeek) or {@code reasoning} field, else a {@code <think>...</think>} block at the
 * start of the content, which is then stripped from the answer.
 *
 * <p>A content that opens a {@code <think>} block and never closes it (the model ran out of tokens
 * while thinking, finish reason {@code length}) has no answer: the whole of it is the reasoning and
 * the answer is empty, so that the response is kept as a row and filtered like any truncated one.
 */
record ThinkBlock(String answer, String reasoning) {

  static final String OPEN = "<think>";
  static final String CLOSE = "</think>";

  /**
   * @param content the message content, or null when the server sent none
   * @param field the message's reasoning field, or null
   */
  static ThinkBlock split(String content, String field) {
    if (field != null && !field.isBlank()) {
      return new ThinkBlock(content == null ? "" : content, field.strip());
    }
    if (content == null) {
      return new ThinkBlock(null, null);
    }
    String lead = content.stripLeading();
    if (!lead.startsWith(OPEN)) {
      return new ThinkBlock(content, null);
    }
    int close = lead.indexOf(CLOSE);
    if (close < 0) {
      return new ThinkBlock("", blankToNull(lead.substring(OPEN.length()).strip()));
    }
    String reasoning = lead.substring(OPEN.length(), close).strip();
    return new ThinkBlock(
        lead.substring(close + CLOSE.length()).stripLeading(), blankToNull(reasoning));
  }

  private static String blankToNull(String s) {
    return s.isEmpty() ? null : s;
  }
}
