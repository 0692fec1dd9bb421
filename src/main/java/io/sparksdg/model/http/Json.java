package io.sparksdg.model.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparksdg.model.Usage;

/** The shared Jackson mapper and the lenient readers the OpenAI-style replies need. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static JsonNode readReply(String body) throws MalformedReplyException {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      // the parser's message quotes the body; keep only where it failed
      throw new MalformedReplyException("the reply is not JSON (" + where(e) + ")");
    }
    if (root == null || !root.isObject()) {
      throw new MalformedReplyException("the reply is not a JSON object");
    }
    return root;
  }

  /** Where parsing failed, without the source text that Jackson may quote. */
  static String where(JsonProcessingException e) {
    return e.getLocation() == null
        ? "unknown position"
        : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  /** A choice's message, which some servers send as an object and others as a list holding one. */
  static JsonNode message(JsonNode choice) {
    JsonNode message = choice.get("message");
    if (message != null && message.isArray()) {
      message = message.size() > 0 ? message.get(0) : null;
    }
    return message != null && message.isObject() ? message : null;
  }

  /** A message's text: a string, or a list of {type: text, text} parts joined; null if neither. */
  static String content(JsonNode message) {
    if (message == null) {
      return null;
    }
    JsonNode content = message.get("content");
    if (content == null) {
      return null;
    }
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isArray()) {
      StringBuilder text = new StringBuilder();
      boolean any = false;
      for (JsonNode part : content) {
        JsonNode partText = part.isTextual() ? part : part.get("text");
        if (partText != null && partText.isTextual()) {
          text.append(partText.asText());
          any = true;
        }
      }
      return any ? text.toString() : null;
    }
    return null;
  }

  static String textOrNull(JsonNode node) {
    return node != null && node.isTextual() ? node.asText() : null;
  }

  static Usage usage(JsonNode root) {
    JsonNode usage = root.get("usage");
    if (usage == null || !usage.isObject()) {
      return Usage.NONE;
    }
    return new Usage(
        Math.max(0, usage.path("prompt_tokens").asLong(0)),
        Math.max(0, usage.path("completion_tokens").asLong(0)));
  }
}
