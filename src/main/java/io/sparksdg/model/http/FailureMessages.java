package io.sparksdg.model.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sparksdg.config.EndpointConfig;
import io.sparksdg.model.ErrorClass;

/**
 * The messages of failed calls: what failed, with the values, and what to do. No key, header or
 * request body ever goes in; the server's own message is shortened and has the key redacted.
 */
final class FailureMessages {

  static final int MAX_SERVER_MESSAGE = 300;
  static final String REDACTED = "***";

  private FailureMessages() {}

  /**
   * The message of a call that failed for good.
   *
   * @param path the request's path, like {@code /v1/chat/completions}
   */
  static String finalMessage(
      String endpointName,
      EndpointConfig config,
      String path,
      AttemptFailure failure,
      int attempts,
      String apiKey) {
    StringBuilder message = new StringBuilder("Endpoint '").append(endpointName).append("' ");
    String tries = attempts + (attempts == 1 ? " attempt" : " attempts");
    boolean retryable = StatusMapping.retryable(failure.errorClass());
    if (failure.status() > 0 && !retryable) {
      message.append("returned ").append(failure.status()).append(" for POST ").append(path);
      message.append(" after ").append(tries);
    } else {
      message.append("failed after ").append(tries).append(": ").append(failure.summary());
    }
    String hint = hint(failure, config);
    if (hint != null) {
      message.append(retryable ? "; " : ": ").append(hint);
    }
    if (failure.serverMessage() != null) {
      message.append(" (server said: ").append(failure.serverMessage()).append(')');
    }
    return redact(message.toString(), apiKey);
  }

  private static String hint(AttemptFailure failure, EndpointConfig config) {
    ErrorClass errorClass = failure.errorClass();
    switch (errorClass) {
      case AUTH:
        if (config.apiKeyEnv() != null) {
          return "check the key in $" + config.apiKeyEnv();
        }
        if (config.apiKeyFile() != null) {
          return "check the key in " + config.apiKeyFile();
        }
        return "the server wants a key; set api-key-env or api-key-file for this endpoint";
      case NOT_FOUND:
        return "check base-url (" + config.baseUrl() + ") and model '" + config.model() + "'";
      case REJECTED:
        return "the server refused this request; check max-tokens against the model's context,"
            + " the sampling parameters and the JSON schema";
      case CLIENT_ERROR:
        return failure.status() >= 300 && failure.status() < 400
            ? "the server redirects; set base-url to the URL it redirects to"
            : null;
      case RATE_LIMITED:
        return "lower max-concurrency or raise max-attempts";
      case SERVER_ERROR:
        return "check the server's health and logs";
      case TIMEOUT:
        return "raise timeout (now "
            + config.timeout().toMillis()
            + " ms) or lower max-concurrency";
      case CONNECTION:
        return "check that the server at " + config.baseUrl() + " is up and reachable";
      case MALFORMED_RESPONSE:
        return "check that kind '" + config.kind().key() + "' matches what the server speaks";
      default:
        return null;
    }
  }

  /**
   * The server's message from an error body: {@code error.message}, {@code error}, {@code message}
   * or {@code detail} of a JSON body, or for a 4xx the body itself; null when there is none.
   * Whitespace collapsed, the key redacted, at most {@value #MAX_SERVER_MESSAGE} characters.
   */
  static String serverMessage(int status, String body, String apiKey) {
    if (body == null || body.isBlank()) {
      return null;
    }
    String message = fromJson(body);
    if (message == null && status >= 400 && status < 500) {
      message = body;
    }
    if (message == null) {
      return null;
    }
    message = redact(message, apiKey).replaceAll("\\s+", " ").trim();
    if (message.isEmpty()) {
      return null;
    }
    return message.length() <= MAX_SERVER_MESSAGE
        ? message
        : message.substring(0, MAX_SERVER_MESSAGE) + "...";
  }

  private static String fromJson(String body) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
    if (root == null || !root.isObject()) {
      return null;
    }
    JsonNode error = root.get("error");
    if (error != null && error.isObject() && error.hasNonNull("message")) {
      return nodeText(error.get("message"));
    }
    for (String field : new String[] {"error", "message", "detail"}) {
      if (root.hasNonNull(field)) {
        return nodeText(root.get(field));
      }
    }
    return null;
  }

  private static String nodeText(JsonNode node) {
    return node.isValueNode() ? node.asText() : node.toString();
  }

  static String redact(String text, String apiKey) {
    if (text == null || apiKey == null || apiKey.isEmpty()) {
      return text;
    }
    return text.replace(apiKey, REDACTED);
  }
}
