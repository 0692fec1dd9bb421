package io.sparksdg.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat-completions request as the simulator reads it, with the hashes that drive its
 * deterministic behaviour.
 *
 * @param model the requested model name, "simulated-instruct" when absent
 * @param messages the conversation, content flattened to text
 * @param n how many choices to return
 * @param maxTokens the completion token limit, or null for none
 * @param responseFormat the {@code response_format} object, or null
 * @param bodyHash SHA-256 of the canonical request body: the identity used for attempt counting
 * @param messagesHash hex SHA-256 of the canonical {@code messages} JSON
 * @param contentSeed seed for generated content, from messages, model, temperature, top_p and seed
 * @param thinking whether the request asks for reasoning: a system message saying {@value
 *     #THINKING_ON} (and none saying {@value #THINKING_OFF}), or {@code
 *     chat_template_kwargs.enable_thinking: true}
 */
record SimRequest(
    String model,
    List<Turn> messages,
    int n,
    Integer maxTokens,
    JsonNode responseFormat,
    byte[] bodyHash,
    String messagesHash,
    long contentSeed,
    boolean thinking) {

  static final int MAX_N = 128;
  static final String THINKING_ON = "detailed thinking on";
  static final String THINKING_OFF = "detailed thinking off";

  /** One message: its role and its text. */
  record Turn(String role, String content) {}

  /**
   * Reads a request body.
   *
   * @throws IllegalArgumentException with a message fit for a 400 reply when the body is not a
   *     usable chat request
   */
  static SimRequest parse(byte[] body) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("The request body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("The request body must be a JSON object");
    }
    JsonNode messagesNode = root.get("messages");
    if (messagesNode == null || !messagesNode.isArray() || messagesNode.isEmpty()) {
      throw new IllegalArgumentException("'messages' must be a non-empty array");
    }
    List<Turn> messages = new ArrayList<>(messagesNode.size());
    for (JsonNode message : messagesNode) {
      if (!message.isObject() || !message.path("role").isTextual()) {
        throw new IllegalArgumentException("Every message needs a string 'role'");
      }
      messages.add(new Turn(message.get("role").asText(), text(message.get("content"))));
    }
    String model = root.path("model").isTextual() ? root.get("model").asText() : "";
    if (model.isBlank()) {
      model = "simulated-instruct";
    }
    int n = root.path("n").isNumber() ? root.get("n").asInt() : 1;
    if (n < 1 || n > MAX_N) {
      throw new IllegalArgumentException("'n' must be between 1 and " + MAX_N + ", got " + n);
    }
    JsonNode maxTokensNode =
        root.path("max_tokens").isNumber()
            ? root.get("max_tokens")
            : root.get("max_completion_tokens");
    Integer maxTokens =
        maxTokensNode != null && maxTokensNode.isNumber() ? maxTokensNode.asInt() : null;
    if (maxTokens != null && maxTokens < 1) {
      throw new IllegalArgumentException("'max_tokens' must be at least 1, got " + maxTokens);
    }
    JsonNode responseFormat =
        root.path("response_format").isObject() ? root.get("response_format") : null;

    ObjectNode identity = Json.object();
    identity.set("messages", messagesNode);
    identity.put("model", model);
    identity.set("temperature", root.get("temperature"));
    identity.set("top_p", root.get("top_p"));
    identity.set("seed", root.get("seed"));
    return new SimRequest(
        model,
        List.copyOf(messages),
        n,
        maxTokens,
        responseFormat,
        Json.sha256(root),
        Json.hex(Json.sha256(messagesNode)),
        Json.seedOf(Json.sha256(identity)),
        thinking(messages, root));
  }

  private static boolean thinking(List<Turn> messages, JsonNode root) {
    for (Turn turn : messages) {
      if ("system".equals(turn.role()) && turn.content() != null) {
        if (turn.content().contains(THINKING_OFF)) {
          return false;
        }
        if (turn.content().contains(THINKING_ON)) {
          return true;
        }
      }
    }
    return root.path("chat_template_kwargs").path("enable_thinking").asBoolean(false);
  }

  /** The text of the last user message, or "" when there is none. */
  String lastUserText() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if ("user".equals(messages.get(i).role())) {
        return messages.get(i).content();
      }
    }
    return "";
  }

  /** The first reject marker the last user message contains, or null. */
  String rejectMarkerIn(List<String> markers) {
    String last = lastUserText();
    for (String marker : markers) {
      if (last.contains(marker)) {
        return marker;
      }
    }
    return null;
  }

  /** Whether this request is for a reward model rather than an instruct model. */
  boolean isReward() {
    return model.toLowerCase(java.util.Locale.ROOT).contains("reward");
  }

  /** Whether this request is for a one-number reward model ("reward:<float>"). */
  boolean isScalarReward() {
    return model.toLowerCase(java.util.Locale.ROOT).contains("reward-scalar");
  }

  /** An estimate of the prompt's tokens: about 1.3 a word plus 4 per message. */
  int promptTokens() {
    int tokens = 0;
    for (Turn turn : messages) {
      tokens += TextGen.tokens(turn.content()) + 4;
    }
    return tokens;
  }

  private static String text(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isArray()) { // OpenAI content parts: [{"type": "text", "text": "..."}]
      StringBuilder out = new StringBuilder();
      for (JsonNode part : content) {
        if (part.path("text").isTextual()) {
          out.append(out.length() == 0 ? "" : "\n").append(part.get("text").asText());
        }
      }
      return out.toString();
    }
    return content.toString();
  }
}
