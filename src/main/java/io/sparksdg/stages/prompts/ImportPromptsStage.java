package io.sparksdg.stages.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparksdg.records.FailureRecord;
import io.sparksdg.records.Ids;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.Stage;
import java.io.Serializable;

/**
 * Reads imported prompts, one JSONL line at a time, in one of three shapes:
 *
 * <ul>
 *   <li>{@code {"id": "...", "prompt": "..."}}: a plain prompt (task {@code imported});
 *   <li>{@code {"id": "...", "prompt": "...", "instructions": [{"id": ..., "params": {...}}]}}: an
 *       instruction-following prompt whose verifiable instructions the verifier checks (task {@code
 *       instruction_following});
 *   <li>{@code {"id": "...", "question": "...", "answer": "... #### 42"}}: GSM8K-style math with an
 *       answer key (task {@code math}); the prompt asks for the final answer as {@code ####
 *       <number>}.
 *   <li>{@code {"id": "...", "prompt": "...", "tests": "assert f(1) == 2\n..."}}: a Python task
 *       whose tests (Python code, typically {@code assert} lines, run after the response's code)
 *       the {@code code-tests} judge runs (task {@code code}; the tests are its {@code
 *       answer_key}); the prompt asks for the code in one fenced {@code python} block.
 * </ul>
 *
 * A line that is not such an object, lacks an id, or holds an empty or oversized prompt, an answer
 * without a final number or unknown instructions becomes a failure with its reason; the rest go on.
 */
public final class ImportPromptsStage implements Serializable {

  public static final String TASK = "imported";
  public static final String TASK_MATH = "math";
  public static final String TASK_INSTRUCTIONS = "instruction_following";
  public static final String TASK_CODE = "code";

  /** Appended to a code prompt, so the response's code can be found and run against its tests. */
  public static final String CODE_SUFFIX =
      "\n\nWrite the solution in Python, complete, in one fenced ```python code block.";

  /** Appended to a math question, so the final answer can be found and checked. */
  public static final String MATH_SUFFIX =
      "\n\nSolve the problem step by step. End with the final answer on its own line as"
          + " \"#### <number>\".";

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
    JsonNode question = node.get("question");
    boolean math = node.get("prompt") == null && question != null;
    JsonNode prompt = math ? question : node.get("prompt");
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
    if (math) {
      return math(node, sourceId, text);
    }
    JsonNode tests = node.get("tests");
    if (tests != null && !tests.isNull()) {
      return code(tests, sourceId, text);
    }
    JsonNode instructions = node.get("instructions");
    if (instructions != null && !instructions.isNull()) {
      return withInstructions(instructions, sourceId, text);
    }
    return imported(Ids.of("import", sourceId, text), sourceId, TASK, text, null, null);
  }

  /** A math question: its answer must end in {@code #### <number>}, the answer key. */
  private static Outcome<PromptRecord> math(JsonNode node, String sourceId, String text) {
    JsonNode answer = node.get("answer");
    java.util.Optional<java.math.BigDecimal> key =
        answer == null || !answer.isTextual()
            ? java.util.Optional.empty()
            : io.sparksdg.judge.GroundTruth.answerKey(answer.asText());
    if (key.isEmpty()) {
      return invalid(
          sourceId, "math prompt '" + sourceId + "' has no \"answer\" ending in \"#### <number>\"");
    }
    String asked = text + MATH_SUFFIX;
    String answerKey = key.get().toPlainString();
    return imported(
        Ids.of("import-math", sourceId, asked, answerKey),
        sourceId,
        TASK_MATH,
        asked,
        answerKey,
        null);
  }

  /** A Python task with its tests, which become its answer key. */
  private static Outcome<PromptRecord> code(JsonNode tests, String sourceId, String text) {
    if (!tests.isTextual() || tests.asText().isBlank()) {
      return invalid(
          sourceId, "code prompt '" + sourceId + "' has \"tests\" that are empty or not a string");
    }
    String asked = text + CODE_SUFFIX;
    String key = tests.asText();
    return imported(
        Ids.of("import-code", sourceId, asked, key), sourceId, TASK_CODE, asked, key, null);
  }

  /** A prompt with verifiable instructions, which must be ones the checkers know. */
  private static Outcome<PromptRecord> withInstructions(
      JsonNode instructions, String sourceId, String text) {
    String json;
    try {
      json =
          io.sparksdg.prompts.instructions.InstructionRegistry.toJson(
              io.sparksdg.prompts.instructions.InstructionRegistry.listFromJson(
                  JSON.writeValueAsString(instructions)));
    } catch (Exception e) {
      return invalid(
          sourceId,
          "prompt '" + sourceId + "' has unusable \"instructions\": " + firstLine(e.getMessage()));
    }
    return imported(
        Ids.of("import", sourceId, text, json), sourceId, TASK_INSTRUCTIONS, text, null, json);
  }

  /** An imported prompt: one user turn, no generation lineage. */
  private static Outcome<PromptRecord> imported(
      String promptId,
      String sourceId,
      String task,
      String text,
      String answerKey,
      String instructions) {
    return Outcome.ok(
        PromptRecord.userTurn(promptId, sourceId, task, text, answerKey, instructions));
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
