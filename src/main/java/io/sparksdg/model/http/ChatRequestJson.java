package io.sparksdg.model.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparksdg.config.EndpointConfig;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.Message;
import io.sparksdg.model.Sampling;

/** Writes the body of a {@code POST /v1/chat/completions}. */
final class ChatRequestJson {

  private ChatRequestJson() {}

  /**
   * The request's own sampling parameters override the endpoint's defaults; null ones are left out
   * so the server's defaults apply.
   *
   * @throws IllegalArgumentException when the request's JSON schema is not a JSON object
   */
  static byte[] write(ChatRequest request, EndpointConfig config) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("model", config.model());
    ArrayNode messages = body.putArray("messages");
    boolean describeSchema =
        request.jsonSchema() != null && !config.connection().structuredOutput();
    int last = request.messages().size() - 1;
    for (int i = 0; i <= last; i++) {
      Message message = request.messages().get(i);
      String content = message.content();
      if (describeSchema && i == last) {
        content = content + schemaInstruction(request.jsonSchema());
      }
      messages.addObject().put("role", message.role()).put("content", content);
    }
    Sampling sampling = request.sampling();
    Double temperature =
        sampling.temperature() != null ? sampling.temperature() : config.temperature();
    Double topP = sampling.topP() != null ? sampling.topP() : config.topP();
    Integer maxTokens = sampling.maxTokens() != null ? sampling.maxTokens() : config.maxTokens();
    if (temperature != null) {
      body.put("temperature", temperature);
    }
    if (topP != null) {
      body.put("top_p", topP);
    }
    if (maxTokens != null) {
      body.put("max_tokens", maxTokens);
    }
    if (sampling.seed() != null) {
      body.put("seed", sampling.seed());
    }
    if (request.n() > 1) {
      body.put("n", request.n());
    }
    if (request.jsonSchema() != null && config.connection().structuredOutput()) {
      ObjectNode schema =
          body.putObject("response_format").put("type", "json_schema").putObject("json_schema");
      schema.put("name", "reply");
      schema.set("schema", parseSchema(request.jsonSchema()));
      schema.put("strict", true);
    }
    try {
      return Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize a chat request", e);
    }
  }

  /**
   * The words that stand in for {@code response_format} on a server without structured output
   * ({@code structured-output: false}); the reply is then parsed tolerantly.
   */
  static final String SCHEMA_INSTRUCTION = "Reply with JSON only, matching this JSON schema: ";

  private static String schemaInstruction(String jsonSchema) {
    return "\n\n" + SCHEMA_INSTRUCTION + parseSchema(jsonSchema).toString();
  }

  private static JsonNode parseSchema(String jsonSchema) {
    JsonNode schema;
    try {
      schema = Json.MAPPER.readTree(jsonSchema);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the request's JSON schema is not valid JSON (" + Json.where(e) + "); fix the schema");
    }
    if (schema == null || !schema.isObject()) {
      throw new IllegalArgumentException("the request's JSON schema must be a JSON object");
    }
    return schema;
  }
}
