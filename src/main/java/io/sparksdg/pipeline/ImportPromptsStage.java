package io.sparksdg.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparksdg.model.Message;
import java.io.Serializable;
import java.util.List;

/**
 * Reads imported prompts, one JSONL line at a time: {@code {"id": "...", "prompt": "..."}}. A line
 * that is not such an object, lacks an id, or holds an empty or oversized prompt becomes a failure
 * with its reason; the rest go on.
 */
public final class ImportPromptsStage implements Serializable {

  public static final String TASK = "imported";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int maxChars;

  public ImportPromptsStage(int maxChars) {
    this.maxChars = maxChars;
  }

  /**
   * @param line the line's text
   * @param lineNumber its 1-based number, which names the record when it has no usable id
   */
  public Outcome<PromptRecord> parse(String line, long lineNumber) {
    String lineId = "line:" + lineNumber;
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (Exception e) {
      return invalid(
          lineId, "line " + lineNumber + " is not a JSON object: " + firstLine(e.getMessage()));
    }
    if (node == null || !node.isObject()) {
      return invalid(lineId, "line " + lineNumber + " is not a JSON object");
    }
    JsonNode id = node.get("id");
    if (id == null || id.isNull() || id.asText().isBlank() || id.isContainerNode()) {
      return invalid(lineId, "line " + lineNumber + " has no \"id\"");
    }
    String sourceId = id.asText();
    JsonNode prompt = node.get("prompt");
    if (prompt == null || !prompt.isTextual() || prompt.asText().isBlank()) {
      return invalid(
          sourceId, "prompt '" + sourceId + "' (line " + lineNumber + ") is empty or not a string");
    }
    String text = prompt.asText();
    if (text.length() > maxChars) {
      return invalid(
          sourceId,
          "prompt '"
              + sourceId
              + "' has "
              + text.length()
              + " characters, over prompts.max-chars="
              + maxChars);
    }
    if (text.indexOf('\uFFFD') >= 0) {
      return invalid(
          sourceId,
          "prompt '" + sourceId + "' holds invalid UTF-8 (U+FFFD replacement characters)");
    }
    String promptId = Ids.of("import", sourceId, text);
    return Outcome.ok(
        new PromptRecord(
            promptId,
            sourceId,
            TASK,
            List.of(Message.user(text)),
            null,
            null,
            null,
            0,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null));
  }

  private static Outcome<PromptRecord> invalid(String recordId, String message) {
    return Outcome.failed(FailureRecord.invalidInput(recordId, null, Stage.PROMPTS, message));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
