package io.sparksdg.model;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A request to an OpenAI-compatible {@code /v1/chat/completions} endpoint.
 *
 * @param messages the conversation so far, ending with the turn to answer
 * @param sampling sampling parameters
 * @param n how many choices to ask for in one request
 * @param jsonSchema a JSON schema (as JSON text) the reply must conform to, or null for free text;
 *     sent as {@code response_format: {type: json_schema, ...}}
 */
public record ChatRequest(List<Message> messages, Sampling sampling, int n, String jsonSchema)
    implements Serializable {

  public ChatRequest {
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("A chat request needs at least one message");
    }
    Objects.requireNonNull(sampling, "sampling");
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1, got " + n);
    }
  }

  public static ChatRequest of(List<Message> messages, Sampling sampling) {
    return new ChatRequest(messages, sampling, 1, null);
  }

  public ChatRequest withJsonSchema(String schema) {
    return new ChatRequest(messages, sampling, n, schema);
  }
}
