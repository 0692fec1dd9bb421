package io.sparksdg.judge.code;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Reads the launcher's verdict line from the tail of a run's output. */
final class Verdicts {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Verdicts() {}

  /**
   * The verdict the launcher wrote after {@code nonce}, or, when it wrote none (the process was
   * killed by a limit or died), one made from the exit status and the last line of output.
   */
  static CodeVerdict read(String tail, String nonce, int exitValue) {
    String prefix = nonce + " ";
    String[] lines = tail.split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      if (lines[i].startsWith(prefix)) {
        return parse(lines[i].substring(prefix.length()));
      }
    }
    String last = lastLine(lines);
    if (last.contains("MemoryError") || last.contains("Cannot allocate memory")) {
      return CodeVerdict.fail(CodeVerdict.MEMORY, last);
    }
    if (exitValue == 128 + 24 || exitValue == 128 + 9) { // SIGXCPU, or SIGKILL past the hard limit
      return CodeVerdict.fail(CodeVerdict.TIMEOUT, "killed by signal " + (exitValue - 128));
    }
    if (exitValue == 128 + 25) {
      return CodeVerdict.fail(CodeVerdict.ERROR, "wrote more than the file-size limit");
    }
    return CodeVerdict.fail(
        CodeVerdict.ERROR,
        "ended without a verdict (exit " + exitValue + ")" + (last.isEmpty() ? "" : ": " + last));
  }

  private static CodeVerdict parse(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      String reason = node.path("reason").asText();
      if (!CodeVerdict.REASONS.contains(reason)) {
        return CodeVerdict.fail(CodeVerdict.SANDBOX, "unknown verdict '" + reason + "'");
      }
      return new CodeVerdict(node.path("passed").asBoolean(), reason, node.path("detail").asText());
    } catch (IOException | IllegalArgumentException e) {
      return CodeVerdict.fail(CodeVerdict.SANDBOX, "unreadable verdict line: " + e.getMessage());
    }
  }

  private static String lastLine(String[] lines) {
    for (int i = lines.length - 1; i >= 0; i--) {
      if (!lines[i].isBlank()) {
        return lines[i].strip();
      }
    }
    return "";
  }
}
