package io.sparksdg.model.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparksdg.model.Usage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a reward model's reply. Nemotron-4-340B-Reward sends its attribute scores as fake logprobs
 * in {@code choices[0].logprobs.content[]} ({@code {token, logprob}}) and repeats them in the
 * message content as {@code helpfulness:4.09,correctness:4.03,...}; other reward NIMs answer {@code
 * reward:<float>}. The logprobs win when present; the content is the fallback.
 */
final class RewardReplyParser {

  /** What the reply said; {@code model} is null when the reply does not name one. */
  record RewardReply(Map<String, Double> attributes, String raw, String model, Usage usage) {}

  private RewardReplyParser() {}

  static RewardReply parse(String body) throws MalformedReplyException {
    JsonNode root = Json.readReply(body);
    JsonNode choices = root.get("choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      throw new MalformedReplyException("the reward reply has no choices");
    }
    JsonNode choice = choices.get(0);
    String content = Json.content(Json.message(choice));
    Map<String, Double> attributes = fromLogprobs(choice);
    if (attributes.isEmpty() && content != null) {
      attributes = fromContent(content);
    }
    if (attributes.isEmpty()) {
      throw new MalformedReplyException(
          "the reward reply has no scores in choices[0].logprobs.content or in the message"
              + " content");
    }
    String raw = content != null ? content : body;
    return new RewardReply(attributes, raw, Json.textOrNull(root.get("model")), Json.usage(root));
  }

  private static Map<String, Double> fromLogprobs(JsonNode choice) {
    Map<String, Double> attributes = new LinkedHashMap<>();
    JsonNode items = choice.path("logprobs").path("content");
    if (!items.isArray()) {
      return attributes;
    }
    for (JsonNode item : items) {
      String token = Json.textOrNull(item.get("token"));
      JsonNode logprob = item.get("logprob");
      if (token != null
          && !token.isBlank()
          && logprob != null
          && logprob.isNumber()
          && Double.isFinite(logprob.asDouble())) {
        attributes.putIfAbsent(token.trim(), logprob.asDouble());
      }
    }
    return attributes;
  }

  /** {@code name:value[,name:value...]}; any part that is not one means no scores at all. */
  static Map<String, Double> fromContent(String content) throws MalformedReplyException {
    Map<String, Double> attributes = new LinkedHashMap<>();
    for (String part : content.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int colon = part.indexOf(':');
      String name = colon < 0 ? "" : part.substring(0, colon).trim();
      double value;
      try {
        value = colon < 0 ? Double.NaN : Double.parseDouble(part.substring(colon + 1).trim());
      } catch (NumberFormatException e) {
        value = Double.NaN;
      }
      if (name.isEmpty() || !Double.isFinite(value)) {
        throw new MalformedReplyException(
            "the reward reply's content is not a list of name:number scores");
      }
      attributes.putIfAbsent(name, value);
    }
    return attributes;
  }
}
