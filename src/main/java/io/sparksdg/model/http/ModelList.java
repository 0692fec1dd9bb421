package io.sparksdg.model.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparksdg.config.EndpointConfig;
import io.sparksdg.model.ModelCallException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** {@code GET /v1/models}: the models an OpenAI-compatible server says it serves. */
final class ModelList {

  private ModelList() {}

  /**
   * The model ids the server lists.
   *
   * @throws ModelCallException with the HTTP status (0 when no response came) and its class
   */
  static List<String> fetch(String name, EndpointConfig config, String apiKey) {
    String base = config.baseUrl().endsWith("/v1") ? config.baseUrl() : config.baseUrl() + "/v1";
    Request.Builder request = new Request.Builder().url(base + "/models").get();
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    try (Response response = SharedHttp.forEndpoint(config).newCall(request.build()).execute()) {
      ResponseBody body = response.body();
      String text = body == null ? "" : body.string();
      if (!response.isSuccessful()) {
        String message = FailureMessages.serverMessage(response.code(), text, apiKey);
        throw new ModelCallException(
            StatusMapping.forStatus(response.code()),
            response.code(),
            1,
            "GET /v1/models returned " + response.code() + (message == null ? "" : ": " + message),
            null);
      }
      JsonNode data = Json.MAPPER.readTree(text).path("data");
      if (!data.isArray()) {
        throw new ModelCallException(
            io.sparksdg.model.ErrorClass.MALFORMED_RESPONSE,
            response.code(),
            1,
            "the reply to GET /v1/models has no 'data' list",
            null);
      }
      List<String> ids = new ArrayList<>();
      data.forEach(m -> ids.add(m.path("id").asText()));
      return ids;
    } catch (IOException e) {
      throw new ModelCallException(
          StatusMapping.forException(e),
          0,
          1,
          FailureMessages.redact(e.getClass().getSimpleName() + ": " + e.getMessage(), apiKey),
          e);
    }
  }
}
