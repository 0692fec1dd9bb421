package io.sparksdg.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A small JDK HttpClient wrapper the simulator tests share. */
final class SimHttp {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String baseUrl;

  SimHttp(Simulator simulator) {
    this.baseUrl = simulator.baseUrl();
  }

  HttpResponse<String> post(String path, JsonNode body) throws IOException, InterruptedException {
    return post(path, body, Duration.ofSeconds(10), null);
  }

  HttpResponse<String> post(String path, JsonNode body, Duration timeout, String apiKey)
      throws IOException, InterruptedException {
    return client.send(request(path, body, timeout, apiKey), HttpResponse.BodyHandlers.ofString());
  }

  CompletableFuture<HttpResponse<String>> postAsync(String path, JsonNode body) {
    return client.sendAsync(
        request(path, body, Duration.ofSeconds(10), null), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10)).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The parsed JSON of a 200 reply to a chat request. */
  JsonNode chat(JsonNode body) throws IOException, InterruptedException {
    HttpResponse<String> response = post("/v1/chat/completions", body);
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "Expected 200, got " + response.statusCode() + ": " + response.body());
    }
    return parse(response.body());
  }

  private HttpRequest request(String path, JsonNode body, Duration timeout, String apiKey) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (apiKey != null) {
      builder.header("Authorization", "Bearer " + apiKey);
    }
    return builder.build();
  }

  static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {"model": model, "messages": [{"role": "user", "content": prompt}]}. */
  static ObjectNode chatBody(String model, String prompt) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("model", model);
    body.putArray("messages").addObject().put("role", "user").put("content", prompt);
    return body;
  }

  /** A reward request judging {@code answer} to {@code prompt}. */
  static ObjectNode rewardBody(String model, String prompt, String answer) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("model", model);
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "user").put("content", prompt);
    messages.addObject().put("role", "assistant").put("content", answer);
    return body;
  }
}
