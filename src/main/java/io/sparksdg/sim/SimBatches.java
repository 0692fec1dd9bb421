package io.sparksdg.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulator's OpenAI-compatible batch API: {@code POST /v1/files} (multipart, purpose batch),
 * {@code GET /v1/files/{id}/content}, {@code POST /v1/batches}, {@code GET /v1/batches/{id}} and
 * {@code POST /v1/batches/{id}/cancel}. State lives in memory for the simulator's lifetime, so a
 * job's driver can die and come back to the same batches.
 *
 * <p>A batch completes {@link SimulatorOptions.Batches#delay()} after it is created; its answers
 * come from the same generator as online calls (so they do not depend on the order of calls), and
 * its failed and expired lines are drawn per line and per submission of that line's {@code
 * custom_id}, so a resubmitted line gets a fresh draw.
 */
final class SimBatches {

  static final String CHAT = "/v1/chat/completions";

  /** What a route answers. */
  record Reply(HttpResponseStatus status, byte[] body, String contentType) {
    static Reply json(HttpResponseStatus status, Object body) {
      return new Reply(status, Json.bytes(body), "application/json");
    }

    static Reply error(HttpResponseStatus status, String message) {
      return new Reply(
          status,
          Json.error("[simulated] " + message, "invalid_request_error"),
          "application/json");
    }
  }

  private record StoredFile(String id, String name, String purpose, String text, long createdAt) {}

  private static final class Batch {
    final String id;
    final String inputFileId;
    final String window;
    final long createdMillis;
    final int total;
    String status = "validating";
    String outputFileId;
    String errorFileId;
    int completed;
    int failed;
    ArrayList<ObjectNode> errors = new ArrayList<>();

    Batch(String id, String inputFileId, String window, long createdMillis, int total) {
      this.id = id;
      this.inputFileId = inputFileId;
      this.window = window;
      this.createdMillis = createdMillis;
      this.total = total;
    }
  }

  private final SimState state;
  private final SimulatorOptions.Batches options;
  private final Map<String, StoredFile> files = new HashMap<>();
  private final Map<String, Batch> batches = new LinkedHashMap<>();
  private final Map<String, Integer> submissions = new HashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private long filesUploaded;
  private long linesUploaded;
  private long batchesCreated;

  SimBatches(SimState state) {
    this.state = state;
    this.options = state.options().batches();
  }

  static boolean handles(String path) {
    return path.equals("/v1/files")
        || path.startsWith("/v1/files/")
        || path.equals("/v1/batches")
        || path.startsWith("/v1/batches/");
  }

  /** Files uploaded, lines in them, batches created. */
  synchronized long[] counts() {
    return new long[] {filesUploaded, linesUploaded, batchesCreated};
  }

  /** How many times each {@code custom_id} was in a batch that was created, for tests. */
  synchronized Map<String, Integer> submissions() {
    return Map.copyOf(submissions);
  }

  synchronized Reply handle(HttpMethod method, String path, FullHttpRequest request) {
    String[] parts = path.substring(1).split("/");
    boolean post = method.equals(HttpMethod.POST);
    boolean get = method.equals(HttpMethod.GET);
    if (parts[1].equals("files")) {
      if (parts.length == 2 && post) {
        return upload(request);
      }
      if (parts.length == 4 && get && parts[3].equals("content")) {
        return content(parts[2]);
      }
      if (parts.length == 3 && get) {
        StoredFile f = files.get(parts[2]);
        return f == null ? notFound("file", parts[2]) : Reply.json(HttpResponseStatus.OK, file(f));
      }
    } else {
      if (parts.length == 2 && post) {
        return create(request);
      }
      if (parts.length == 3 && get) {
        Batch b = batches.get(parts[2]);
        return b == null ? notFound("batch", parts[2]) : Reply.json(HttpResponseStatus.OK, view(b));
      }
      if (parts.length == 4 && post && parts[3].equals("cancel")) {
        return cancel(parts[2]);
      }
    }
    return Reply.error(HttpResponseStatus.NOT_FOUND, "No route for " + method + " " + path);
  }

  private Reply upload(FullHttpRequest request) {
    HttpPostRequestDecoder decoder;
    try {
      decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), request);
    } catch (RuntimeException e) {
      return Reply.error(HttpResponseStatus.BAD_REQUEST, "Upload a file as multipart/form-data");
    }
    try {
      String purpose = null;
      String name = null;
      String text = null;
      for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
        if (data instanceof FileUpload upload && data.getName().equals("file")) {
          name = upload.getFilename();
          text = upload.getString(StandardCharsets.UTF_8);
        } else if (data instanceof Attribute a && data.getName().equals("purpose")) {
          purpose = a.getValue();
        }
      }
      if (text == null || !"batch".equals(purpose)) {
        return Reply.error(HttpResponseStatus.BAD_REQUEST, "Send a 'file' part and purpose=batch");
      }
      StoredFile f =
          new StoredFile(nextId("file"), name, purpose, text, System.currentTimeMillis() / 1000);
      files.put(f.id(), f);
      filesUploaded++;
      linesUploaded += lines(text).size();
      return Reply.json(HttpResponseStatus.OK, file(f));
    } catch (IOException e) {
      return Reply.error(HttpResponseStatus.BAD_REQUEST, "Unreadable upload: " + e.getMessage());
    } finally {
      decoder.destroy();
    }
  }

  private Reply content(String id) {
    StoredFile f = files.get(id);
    if (f == null) {
      return notFound("file", id);
    }
    return new Reply(
        HttpResponseStatus.OK, f.text().getBytes(StandardCharsets.UTF_8), "application/jsonl");
  }

  private Reply create(FullHttpRequest request) {
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(request.content().toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Reply.error(HttpResponseStatus.BAD_REQUEST, "The request body is not valid JSON");
    }
    StoredFile input = files.get(body.path("input_file_id").asText(""));
    if (input == null) {
      return notFound("file", body.path("input_file_id").asText(""));
    }
    if (!CHAT.equals(body.path("endpoint").asText())) {
      return Reply.error(HttpResponseStatus.BAD_REQUEST, "'endpoint' must be " + CHAT);
    }
    String window = body.path("completion_window").asText("");
    if (!window.matches("\\d+h")) {
      return Reply.error(HttpResponseStatus.BAD_REQUEST, "'completion_window' must be like 24h");
    }
    List<String> lines = lines(input.text());
    Batch b =
        new Batch(nextId("batch"), input.id(), window, System.currentTimeMillis(), lines.size());
    for (String line : lines) {
      String customId = customId(line);
      if (customId != null) {
        submissions.merge(customId, 1, Integer::sum);
      }
    }
    batches.put(b.id, b);
    batchesCreated++;
    return Reply.json(HttpResponseStatus.OK, view(b));
  }

  private Reply cancel(String id) {
    Batch b = batches.get(id);
    if (b == null) {
      return notFound("batch", id);
    }
    if (!terminal(b.status)) {
      b.status = "cancelled";
      b.failed = b.total;
      b.errorFileId =
          store(b, "errors", everyLine(b, "batch_cancelled", "The batch was cancelled"));
    }
    return Reply.json(HttpResponseStatus.OK, view(b));
  }

  /** The batch as the API shows it, advanced to where its delay has brought it. */
  private ObjectNode view(Batch b) {
    advance(b);
    ObjectNode o = Json.object();
    o.put("id", b.id);
    o.put("object", "batch");
    o.put("endpoint", CHAT);
    o.put("input_file_id", b.inputFileId);
    o.put("completion_window", b.window);
    o.put("status", b.status);
    o.put("output_file_id", b.outputFileId);
    o.put("error_file_id", b.errorFileId);
    o.put("created_at", b.createdMillis / 1000);
    ObjectNode counts = o.putObject("request_counts");
    counts.put("total", b.total);
    counts.put("completed", b.completed);
    counts.put("failed", b.failed);
    if (!b.errors.isEmpty()) {
      o.putObject("errors").put("object", "list").putArray("data").addAll(b.errors);
    }
    return o;
  }

  /** Line {@code number} of a batch's input, or null (an error of the batch) when malformed. */
  private static JsonNode requestLine(String text, int number, Batch b) {
    JsonNode line;
    try {
      line = Json.MAPPER.readTree(text);
    } catch (IOException e) {
      line = null;
    }
    if (line != null
        && line.path("custom_id").isTextual()
        && CHAT.equals(line.path("url").asText())
        && line.path("body").isObject()) {
      return line;
    }
    ObjectNode error = Json.object();
    error.put("code", "invalid_request");
    error.put("message", "Line " + number + " needs custom_id, url " + CHAT + " and body");
    error.put("line", number);
    b.errors.add(error);
    return null;
  }

  private void advance(Batch b) {
    if (terminal(b.status)) {
      return;
    }
    long elapsed = System.currentTimeMillis() - b.createdMillis;
    long delay = options.delay().toMillis();
    if (elapsed < delay) {
      b.status = elapsed < delay / 10 ? "validating" : "in_progress";
      return;
    }
    List<String> lines = lines(files.get(b.inputFileId).text());
    StringBuilder output = new StringBuilder();
    StringBuilder errors = new StringBuilder();
    boolean expired = false;
    for (int i = 0; i < lines.size(); i++) {
      JsonNode line = requestLine(lines.get(i), i + 1, b);
      if (line == null) {
        continue;
      }
      String customId = line.get("custom_id").asText();
      double u = draw(customId);
      if (u < options.failRate()) {
        ObjectNode body = Json.object();
        body.putObject("error")
            .put("message", "[simulated] Internal server error")
            .put("type", "server_error");
        errors.append(result(customId, 500, body, null, null)).append('\n');
        b.failed++;
      } else if (u < options.failRate() + options.expireRate()) {
        expired = true;
        errors
            .append(
                result(
                    customId,
                    0,
                    null,
                    "batch_expired",
                    "This request could not be executed before the completion window expired."))
            .append('\n');
        b.failed++;
      } else {
        output.append(answer(customId, line.get("body"))).append('\n');
        b.completed++;
      }
    }
    if (!b.errors.isEmpty()) {
      b.status = "failed";
      b.completed = 0;
      b.failed = 0;
      return;
    }
    b.status = expired ? "expired" : "completed";
    b.outputFileId = store(b, "output", output.toString());
    b.errorFileId = errors.isEmpty() ? null : store(b, "errors", errors.toString());
  }

  /** One line's answer: what an online call with the same body gets, or its 4xx. */
  private String answer(String customId, JsonNode body) {
    SimRequest request;
    try {
      request = SimRequest.parse(Json.bytes(body));
    } catch (IllegalArgumentException e) {
      ObjectNode error = Json.object();
      error.putObject("error").put("message", e.getMessage()).put("type", "invalid_request_error");
      return result(customId, 400, error, null, null);
    }
    JsonNode reply;
    try {
      reply = Json.MAPPER.readTree(state.reply(request, 1));
    } catch (IOException e) {
      throw new IllegalStateException("The simulator's own reply is not JSON", e);
    }
    return result(customId, 200, reply, null, null);
  }

  private String result(
      String customId, int status, JsonNode body, String errorCode, String errorMessage) {
    ObjectNode o = Json.object();
    o.put("id", nextId("batch_req"));
    o.put("custom_id", customId);
    if (body == null) {
      o.putNull("response");
    } else {
      ObjectNode response = o.putObject("response");
      response.put("status_code", status);
      response.put("request_id", nextId("req"));
      response.set("body", body);
    }
    if (errorCode == null) {
      o.putNull("error");
    } else {
      o.putObject("error").put("code", errorCode).put("message", errorMessage);
    }
    return new String(Json.bytes(o), StandardCharsets.UTF_8);
  }

  private String everyLine(Batch b, String code, String message) {
    StringBuilder out = new StringBuilder();
    for (String line : lines(files.get(b.inputFileId).text())) {
      String customId = customId(line);
      if (customId != null) {
        out.append(result(customId, 0, null, code, message)).append('\n');
      }
    }
    return out.toString();
  }

  /** A uniform draw in [0, 1) for this line's latest submission. */
  private double draw(String customId) {
    long h =
        Json.mix(
            Json.seedOf(Json.sha256(customId)),
            submissions.getOrDefault(customId, 1),
            state.options().seed());
    return (h >>> 11) * 0x1.0p-53;
  }

  private String store(Batch b, String kind, String text) {
    StoredFile f =
        new StoredFile(
            nextId("file"), b.id + "_" + kind + ".jsonl", "batch_" + kind, text, b.createdMillis);
    files.put(f.id(), f);
    return f.id();
  }

  private static ObjectNode file(StoredFile f) {
    ObjectNode o = Json.object();
    o.put("id", f.id());
    o.put("object", "file");
    o.put("bytes", f.text().getBytes(StandardCharsets.UTF_8).length);
    o.put("created_at", f.createdAt());
    o.put("filename", f.name());
    o.put("purpose", f.purpose());
    return o;
  }

  private static String customId(String line) {
    try {
      JsonNode id = Json.MAPPER.readTree(line).get("custom_id");
      return id != null && id.isTextual() ? id.asText() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        out.add(line);
      }
    }
    return out;
  }

  private static boolean terminal(String status) {
    return switch (status) {
      case "completed", "failed", "expired", "cancelled" -> true;
      default -> false;
    };
  }

  private String nextId(String prefix) {
    return prefix + "-sim-" + ids.incrementAndGet();
  }

  private static Reply notFound(String what, String id) {
    return Reply.error(HttpResponseStatus.NOT_FOUND, "No " + what + " '" + id + "'");
  }
}
