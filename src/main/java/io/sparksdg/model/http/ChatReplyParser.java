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
      String text = Json.content(Json.message(choice));
      if (text == null) {
        throw new MalformedReplyException("choices[" + i + "] has no message content");
      }
      parsed.add(new Completion.Choice(text, Json.textOrNull(choice.get("finish_reason"))));
    }
    String model = Json.textOrNull(root.get("model"));
    Completion completion =
        new Completion(parsed, model == null ? defaultModel : model, Json.usage(root), stats);
    return new Reply<>(completion, completion.usage());
  }
}
