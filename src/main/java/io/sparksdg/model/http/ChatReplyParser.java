package io.sparksdg.model.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparksdg.model.CallStats;
import io.sparksdg.model.Completion;
import java.util.ArrayList;
import java.util.List;

/** Reads an OpenAI-style chat completion reply, leniently. */
final class ChatReplyParser {

  private ChatReplyParser() {}

  /**
   * @param defaultModel the model to report when the reply does not name one
   */
  static Reply<Completion> parse(String body, String defaultModel, CallStats stats)
      throws MalformedReplyException {
    JsonNode root = Json.readReply(body);
    JsonNode choices = root.get("choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      throw new MalformedReplyException("the reply has no choices");
    }
    List<Completion.Choice> parsed = new ArrayList<>(choices.size());
    for (int i = 0; i < choices.size(); i++) {
      JsonNode choice = choices.get(i);
      JsonNode message = Json.message(choice);
      ThinkBlock split = ThinkBlock.split(Json.content(message), reasoningField(message));
      if (split.answer() == null) {
        throw new MalformedReplyException("choices[" + i + "] has no message content");
      }
      parsed.add(
          new Completion.Choice(
              split.answer(), Json.textOrNull(choice.get("finish_reason")), split.reasoning()));
    }
    String model = Json.textOrNull(root.get("model"));
    Completion completion =
        new Completion(parsed, model == null ? defaultModel : model, Json.usage(root), stats);
    return new Reply<>(completion, completion.usage());
  }

  /**
   * The message's {@code reasoning_content} (vLLM, SGLang, DeepSeek), else its {@code reasoning}.
   */
  private static String reasoningField(JsonNode message) {
    if (message == null) {
      return null;
    }
    String content = Json.textOrNull(message.get("reasoning_content"));
    return content != null ? content : Json.textOrNull(message.get("reasoning"));
  }
}
