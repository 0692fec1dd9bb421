package io.sparksdg.model.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparksdg.config.EndpointConfig;
import io.sparksdg.config.EndpointKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** Endpoint configs with tiny back-offs and canned replies for the HTTP client tests. */
final class TestEndpoints {

  static final String MODEL = "test-model";

  private TestEndpoints() {}

  /** A chat endpoint at the server: 3 attempts, 1-10 ms back-off, 2 s timeout, 4 in flight. */
  static EndpointConfig chat(MockWebServer server) {
    return config(server, EndpointKind.CHAT, null, 4, Duration.ofSeconds(2), 3);
  }

  static EndpointConfig config(
      MockWebServer server,
      EndpointKind kind,
      String apiKeyFile,
      int maxConcurrency,
      Duration timeout,
      int maxAttempts) {
    return EndpointConfig.builder()
        .baseUrl(server.url("/").toString())
        .model(MODEL)
        .kind(kind)
        .apiKeyFile(apiKeyFile)
        .maxConcurrency(maxConcurrency)
        .timeout(timeout)
        .maxAttempts(maxAttempts)
        .initialBackoff(Duration.ofMillis(1))
        .maxBackoff(Duration.ofMillis(10))
        .build();
  }

  static String chatReply(String text) {
    return "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"served-model\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
        + Json.MAPPER.valueToTree(text)
        + "},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17}}";
  }

  static MockResponse ok(String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  static MockResponse okChat(String text) {
    return ok(chatReply(text));
  }

  static String resource(String path) {
    try (InputStream in = TestEndpoints.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Missing test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode body(RecordedRequest request) {
    try {
      return Json.MAPPER.readTree(request.getBody().utf8());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
