package io.sparksdg.model.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparksdg.config.EndpointConfig;
import io.sparksdg.model.CallStats;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.Completion;
import io.sparksdg.model.ErrorClass;
import io.sparksdg.model.ModelCallException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * An endpoint's OpenAI-compatible batch API: the JSONL request lines, {@code /v1/files} upload and
 * download, {@code /v1/batches} create and poll, and the reading of output and error lines. Plain
 * Java, used on the driver (upload, poll, download) and on executors (lines); every HTTP call is
 * retried a few times on a retryable status or I/O fault, and fails with a {@link
 * ModelCallException} whose message never holds the key or a prompt.
 */
public final class BatchApi {

  /** The endpoint every line of a batch goes to. */
  public static final String CHAT_URL = "/v1/chat/completions";

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final MediaType JSONL = MediaType.get("application/jsonl");
  private static final int ATTEMPTS = 4;

  /** A batch as {@code GET /v1/batches/{id}} shows it. */
  public record Status(
      String id,
      String status,
      int total,
      int completed,
      int failed,
      String outputFileId,
      String errorFileId,
      String errors) {

    /** Whether the batch will not change any more. */
    public boolean terminal() {
      return switch (status) {
        case "completed", "failed", "expired", "cancelled" -> true;
        default -> false;
      };
    }
  }

  /**
   * One output or error line: its {@code custom_id} and either the completion or the failure;
   * {@code resubmit} tells whether a new batch may fix the failure (expired, 5xx, 429, malformed).
   */
  public record Result(String customId, Completion completion, ModelCallException failure) {
    public boolean resubmit() {
      return failure != null && StatusMapping.retryable(failure.errorClass());
    }
  }

  private final String name;
  private final EndpointConfig config;
  private final String apiKey;
  private final String base;
  private final OkHttpClient client;

  private BatchApi(String name, EndpointConfig config) {
    this.name = name;
    this.config = config;
    this.apiKey = HttpModelClients.resolveApiKey(name, config);
    String url = config.baseUrl();
    this.base = url.endsWith("/v1") ? url : url + "/v1";
    this.client = SharedHttp.forEndpoint(config);
  }

  /**
   * The batch API of endpoint {@code name}.
   *
   * @throws io.sparksdg.config.ConfigException when its key cannot be read
   */
  public static BatchApi of(String name, EndpointConfig config) {
    return new BatchApi(name, config);
  }

  /**
   * One JSONL line asking for {@code request}: the same body an online call sends.
   *
   * @throws IllegalArgumentException when the request's JSON schema is not a JSON object
   */
  public static String requestLine(String customId, ChatRequest request, EndpointConfig config) {
    ObjectNode line = Json.MAPPER.createObjectNode();
    line.put("custom_id", customId);
    line.put("method", "POST");
    line.put("url", CHAT_URL);
    try {
      line.set("body", Json.MAPPER.readTree(ChatRequestJson.write(request, config)));
      return Json.MAPPER.writeValueAsString(line);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot serialize a batch line", e);
    }
  }

  /** The {@code custom_id} of a request, output or error line, or null. */
  public static String customId(String line) {
    try {
      JsonNode id = Json.MAPPER.readTree(line).get("custom_id");
      return id != null && id.isTextual() ? id.asText() : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /**
   * Reads one line of a batch's output or error file.
   *
   * @param batchId the batch it came from, for messages
   * @param submission 1 for the first batch a line was in, 2 for its first resubmission...
   */
  public Result result(String line, String batchId, int submission) {
    return result(name, config.model(), line, batchId, submission);
  }

  /** Whether a line of an output or error file failed in a way a new batch may fix. */
  public static boolean resubmit(String line) {
    return result("", "", line, "", 1).resubmit();
  }

  /**
   * As {@link #result(String, String, int)}, without a client (on executors).
   *
   * @param model the model to report when the reply does not name one
   */
  public static Result result(
      String name, String model, String line, String batchId, int submission) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      root = null;
    }
    if (root == null || !root.path("custom_id").isTextual()) {
      throw new IllegalArgumentException(
          "Endpoint '" + name + "': a line of batch " + batchId + " has no custom_id");
    }
    String customId = root.get("custom_id").asText();
    JsonNode response = root.get("response");
    JsonNode error = root.get("error");
    String where = "Endpoint '" + name + "' batch " + batchId;
    if (response != null && response.isObject() && response.path("status_code").asInt() == 200) {
      try {
        Reply<Completion> reply =
            ChatReplyParser.parse(
                response.path("body").toString(), model, new CallStats(submission, 0));
        return new Result(customId, reply.value(), null);
      } catch (MalformedReplyException e) {
        return failed(
            customId, ErrorClass.MALFORMED_RESPONSE, 200, submission, where, e.getMessage());
      }
    }
    if (response != null && response.isObject()) {
      int status = response.path("status_code").asInt();
      String message =
          FailureMessages.serverMessage(status, response.path("body").toString(), null);
      return failed(
          customId,
          StatusMapping.forStatus(status),
          status,
          submission,
          where,
          "HTTP " + status + (message == null ? "" : ": " + message));
    }
    String code = error == null ? "" : error.path("code").asText("");
    ErrorClass errorClass =
        code.equals("batch_expired") ? ErrorClass.TIMEOUT : ErrorClass.SERVER_ERROR;
    String message = code.equals("batch_expired") ? "expired before its completion window" : code;
    return failed(customId, errorClass, 0, submission, where, message);
  }

  private static Result failed(
      String customId,
      ErrorClass errorClass,
      int status,
      int submission,
      String where,
      String message) {
    return new Result(
        customId,
        null,
        new ModelCallException(
            errorClass,
            status,
            submission,
            where + ": the line failed (" + message + ") after " + submission + " submission(s)",
            null));
  }

  /** A line that is in no output or error file of its batch (a failed or cancelled batch). */
  public static ModelCallException missing(String name, String batchId, String status) {
    return new ModelCallException(
        ErrorClass.SERVER_ERROR,
        0,
        1,
        "Endpoint '" + name + "' batch " + batchId + " ended " + status + " without this line",
        null);
  }

  /** Whether a failure of this class may be fixed by submitting the line again. */
  public static boolean resubmittable(ErrorClass errorClass) {
    return StatusMapping.retryable(errorClass);
  }

  /** Uploads a JSONL file with purpose {@code batch}; returns its file id. */
  public String upload(String fileName, byte[] jsonl) {
    RequestBody body =
        new MultipartBody.Builder()
            .setType(MultipartBody.FORM)
            .addFormDataPart("purpose", "batch")
            .addFormDataPart("file", fileName, RequestBody.create(jsonl, JSONL))
            .build();
    return field(call(post("/files", body), "upload " + fileName), "id");
  }

  /** Creates a batch of the lines in {@code fileId}; returns the batch id. */
  public String create(String fileId) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("input_file_id", fileId);
    body.put("endpoint", CHAT_URL);
    body.put("completion_window", config.batch().windowKey());
    return field(
        call(post("/batches", RequestBody.create(body.toString(), JSON)), "create a batch"), "id");
  }

  /** The batch's status now. */
  public Status status(String batchId) {
    JsonNode b = parse(call(request("/batches/" + batchId).get(), "poll batch " + batchId));
    JsonNode counts = b.path("request_counts");
    JsonNode errors = b.path("errors").path("data");
    return new Status(
        batchId,
        b.path("status").asText(""),
        counts.path("total").asInt(),
        counts.path("completed").asInt(),
        counts.path("failed").asInt(),
        Json.textOrNull(b.get("output_file_id")),
        Json.textOrNull(b.get("error_file_id")),
        errors.isArray() && !errors.isEmpty() ? errors.get(0).path("message").asText(null) : null);
  }

  /** Copies a file's content to {@code out}. */
  public void download(String fileId, OutputStream out) {
    Request req = request("/files/" + fileId + "/content").get().build();
    IOException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try (Response response = client.newCall(req).execute()) {
        ResponseBody body = response.body();
        if (response.code() == 200 && body != null) {
          try (InputStream in = body.byteStream()) {
            in.transferTo(out);
          }
          return;
        }
        check(response.code(), body == null ? "" : body.string(), "download file " + fileId);
      } catch (IOException e) {
        last = e;
      }
      pause(attempt);
    }
    throw failure(StatusMapping.forException(last), 0, "download file " + fileId, last);
  }

  private Request.Builder post(String path, RequestBody body) {
    return request(path).post(body);
  }

  private Request.Builder request(String path) {
    Request.Builder b = new Request.Builder().url(base + path).header("Accept", "application/json");
    if (apiKey != null) {
      b.header("Authorization", "Bearer " + apiKey);
    }
    return b;
  }

  /** Sends with retries; returns the 200 body. */
  private String call(Request.Builder builder, String what) {
    Request req = builder.build();
    IOException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try (Response response = client.newCall(req).execute()) {
        ResponseBody body = response.body();
        String text = body == null ? "" : body.string();
        if (response.code() == 200) {
          return text;
        }
        check(response.code(), text, what);
      } catch (IOException e) {
        last = e;
      }
      pause(attempt);
    }
    throw failure(StatusMapping.forException(last), 0, what, last);
  }

  /** Throws for a status a retry will not fix; returns for one it may. */
  private void check(int status, String body, String what) {
    ErrorClass errorClass = StatusMapping.forStatus(status);
    if (!StatusMapping.retryable(errorClass)) {
      String message = FailureMessages.serverMessage(status, body, apiKey);
      throw failure(
          errorClass,
          status,
          what + " answered HTTP " + status + (message == null ? "" : ": " + message),
          null);
    }
  }

  private ModelCallException failure(
      ErrorClass errorClass, int status, String what, Throwable cause) {
    String text = what;
    if (cause != null) {
      text = "could not " + what + " (" + cause.getClass().getSimpleName() + ")";
    }
    return new ModelCallException(
        errorClass,
        status,
        ATTEMPTS,
        "Endpoint '"
            + name
            + "' batch API: "
            + text
            + "; check base-url "
            + config.baseUrl()
            + " and that the server offers /v1/files and /v1/batches",
        cause);
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(200L << attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while retrying a batch API call", e);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("The batch API answered with invalid JSON", e);
    }
  }

  private static String field(String json, String field) {
    String value = Json.textOrNull(parse(json).get(field));
    if (value == null) {
      throw new IllegalStateException("The batch API's answer has no '" + field + "'");
    }
    return value;
  }
}
