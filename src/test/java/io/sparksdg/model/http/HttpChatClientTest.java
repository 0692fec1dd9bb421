package io.sparksdg.model.http;

import static io.sparksdg.model.http.TestEndpoints.MODEL;
import static io.sparksdg.model.http.TestEndpoints.body;
import static io.sparksdg.model.http.TestEndpoints.chat;
import static io.sparksdg.model.http.TestEndpoints.okChat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparksdg.config.EndpointConfig;
import io.sparksdg.config.EndpointKind;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.Completion;
import io.sparksdg.model.ErrorClass;
import io.sparksdg.model.Message;
import io.sparksdg.model.ModelCallException;
import io.sparksdg.model.Sampling;
import io.sparksdg.model.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HttpChatClientTest {

  private static final String KEY = "nvapi-SECRET-key-123";
  private static final ChatRequest HELLO =
      ChatRequest.of(List.of(Message.user("Hello")), Sampling.DEFAULT);

  private MockWebServer server;

  @BeforeEach
  void startServer() throws Exception {
    HttpModelClients.resetForTests();
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void sendsTheRequestAndReadsTheCompletion(@TempDir Path dir) throws Exception {
    Path keyFile = Files.writeString(dir.resolve("key"), "  " + KEY + "\n");
    EndpointConfig config =
        TestEndpoints.config(
            server, EndpointKind.CHAT, keyFile.toString(), 4, Duration.ofSeconds(2), 3);
    server.enqueue(okChat("Hi there"));
    String schema = "{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}}}";
    ChatRequest request =
        new ChatRequest(
            List.of(Message.system("Be brief."), Message.user("Hello")),
            new Sampling(0.2, 0.9, 64, 7L),
            1,
            schema);

    Completion completion =
        HttpModelClients.chat("generator", config).complete(request).get(5, TimeUnit.SECONDS);

    assertThat(completion.text()).isEqualTo("Hi there");
    assertThat(completion.finishReason()).isEqualTo("stop");
    assertThat(completion.model()).isEqualTo("served-model");
    assertThat(completion.usage()).isEqualTo(new Usage(12, 5));
    assertThat(completion.stats().attempts()).isEqualTo(1);
    assertThat(completion.stats().latencyMillis()).isBetween(0L, 5_000L);

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(recorded.getHeaders().get("Content-Type")).startsWith("application/json");
    JsonNode json = body(recorded);
    assertThat(json.get("model").asText()).isEqualTo(MODEL);
    assertThat(json.get("messages").toString())
        .isEqualTo(
            "[{\"role\":\"system\",\"content\":\"Be"
                + " brief.\"},{\"role\":\"user\",\"content\":\"Hello\"}]");
    assertThat(json.get("temperature").asDouble()).isEqualTo(0.2);
    assertThat(json.get("top_p").asDouble()).isEqualTo(0.9);
    assertThat(json.get("max_tokens").asInt()).isEqualTo(64);
    assertThat(json.get("seed").asLong()).isEqualTo(7L);
    assertThat(json.has("n")).isFalse();
    JsonNode format = json.get("response_format");
    assertThat(format.get("type").asText()).isEqualTo("json_schema");
    assertThat(format.at("/json_schema/name").asText()).isEqualTo("reply");
    assertThat(format.at("/json_schema/strict").asBoolean()).isTrue();
    assertThat(format.at("/json_schema/schema")).isEqualTo(Json.MAPPER.readTree(schema));
  }

  @Test
  void usesEndpointSamplingDefaultsAndLeavesOutUnsetOnes() throws Exception {
    EndpointConfig config = chat(server).toBuilder().temperature(0.7).maxTokens(256).build();
    server.enqueue(okChat("ok"));
    ChatRequest request =
        ChatRequest.of(List.of(Message.user("Hi")), new Sampling(null, null, 32, null));

    HttpModelClients.chat("generator", config).complete(request).get(5, TimeUnit.SECONDS);

    RecordedRequest recorded = server.takeRequest();
    JsonNode json = body(recorded);
    assertThat(json.get("temperature").asDouble()).isEqualTo(0.7);
    assertThat(json.get("max_tokens").asInt()).isEqualTo(32);
    assertThat(json.has("top_p")).isFalse();
    assertThat(json.has("seed")).isFalse();
    assertThat(json.has("response_format")).isFalse();
    assertThat(recorded.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void describesTheSchemaInThePromptWhenTheEndpointTakesNoStructuredOutput() throws Exception {
    EndpointConfig config = chat(server).toBuilder().structuredOutput(false).build();
    String schema = io.sparksdg.prompts.ListReplies.schema("topics", 2);
    server.enqueue(okChat("Sure! ```json\n{\"topics\": [\"Tides\", \"Waves\"]}\n```"));
    ChatRequest request =
        ChatRequest.of(
                List.of(Message.system("Be brief."), Message.user("List 2 topics.")),
                Sampling.DEFAULT)
            .withJsonSchema(schema);

    var completion =
        HttpModelClients.chat("generator", config).complete(request).get(5, TimeUnit.SECONDS);

    JsonNode json = body(server.takeRequest());
    assertThat(json.has("response_format")).isFalse();
    assertThat(json.at("/messages/0/content").asText()).isEqualTo("Be brief.");
    String last = json.at("/messages/1/content").asText();
    assertThat(last).startsWith("List 2 topics.\n\n" + ChatRequestJson.SCHEMA_INSTRUCTION);
    assertThat(
            Json.MAPPER.readTree(
                last.substring(
                    last.indexOf(ChatRequestJson.SCHEMA_INSTRUCTION)
                        + ChatRequestJson.SCHEMA_INSTRUCTION.length())))
        .isEqualTo(Json.MAPPER.readTree(schema));
    assertThat(io.sparksdg.prompts.ListReplies.parse(completion.text(), "topics", 2))
        .contains(List.of("Tides", "Waves"));
  }

  @Test
  void readsALenientReplyWithAMessageListAndMissingFields() throws Exception {
    server.enqueue(
        TestEndpoints.ok(
            "{\"choices\":[{\"message\":[{\"role\":\"assistant\",\"content\":\"listed\"}]}]}"));

    Completion completion =
        HttpModelClients.chat("generator", chat(server)).complete(HELLO).get(5, TimeUnit.SECONDS);

    assertThat(completion.text()).isEqualTo("listed");
    assertThat(completion.finishReason()).isNull();
    assertThat(completion.usage()).isEqualTo(Usage.NONE);
    assertThat(completion.model()).isEqualTo(MODEL);
  }

  @Test
  void returnsSeveralChoicesWhenNIsAboveOne() throws Exception {
    server.enqueue(
        TestEndpoints.ok(
            "{\"choices\":["
                + "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"a\"},\"finish_reason\":\"stop\"},"
                + "{\"index\":1,\"message\":{\"role\":\"assistant\",\"content\":\"b\"},\"finish_reason\":\"length\"},"
                + "{\"index\":2,\"message\":{\"role\":\"assistant\",\"content\":\"c\"},\"finish_reason\":\"stop\"}]}"));
    ChatRequest request = new ChatRequest(List.of(Message.user("Hi")), Sampling.DEFAULT, 3, null);

    Completion completion =
        HttpModelClients.chat("generator", chat(server)).complete(request).get(5, TimeUnit.SECONDS);

    assertThat(completion.choices())
        .containsExactly(
            new Completion.Choice("a", "stop"),
            new Completion.Choice("b", "length"),
            new Completion.Choice("c", "stop"));
    assertThat(body(server.takeRequest()).get("n").asInt()).isEqualTo(3);
  }

  static Stream<Arguments> retryableFaults() {
    String inOneSecond =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(1));
    String longReply = TestEndpoints.chatReply("x".repeat(64 * 1024));
    return Stream.of(
        Arguments.of(
            "429 with Retry-After seconds",
            status(429).addHeader("Retry-After", "0").build(),
            ErrorClass.RATE_LIMITED),
        Arguments.of(
            "429 with Retry-After date",
            status(429).addHeader("Retry-After", inOneSecond).build(),
            ErrorClass.RATE_LIMITED),
        Arguments.of(
            "429 with retry-after-ms",
            status(429).addHeader("retry-after-ms", "5").build(),
            ErrorClass.RATE_LIMITED),
        Arguments.of("500", status(500).build(), ErrorClass.SERVER_ERROR),
        Arguments.of("503", status(503).build(), ErrorClass.SERVER_ERROR),
        Arguments.of("408", status(408).build(), ErrorClass.SERVER_ERROR),
        Arguments.of("409", status(409).build(), ErrorClass.SERVER_ERROR),
        Arguments.of(
            "reset before headers",
            new MockResponse.Builder()
                .onResponseStart(new SocketEffect.CloseSocket(true, false, false))
                .build(),
            ErrorClass.CONNECTION),
        Arguments.of(
            "reset mid-body",
            new MockResponse.Builder()
                .body(longReply)
                .onResponseBody(new SocketEffect.CloseSocket(true, false, false))
                .build(),
            ErrorClass.CONNECTION),
        Arguments.of(
            "malformed 200",
            TestEndpoints.ok("{\"choices\": [ {\"mess"),
            ErrorClass.MALFORMED_RESPONSE),
        Arguments.of(
            "200 without choices",
            TestEndpoints.ok("{\"object\":\"chat.completion\"}"),
            ErrorClass.MALFORMED_RESPONSE),
        Arguments.of(
            "stalled response",
            new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build(),
            ErrorClass.TIMEOUT));
  }

  @ParameterizedTest(name = "retries after {0}")
  @MethodSource("retryableFaults")
  void retriesARetryableFaultThenSucceeds(String name, MockResponse fault, ErrorClass errorClass)
      throws Exception {
    EndpointConfig config =
        TestEndpoints.config(server, EndpointKind.CHAT, null, 4, Duration.ofMillis(500), 3);
    server.enqueue(fault);
    server.enqueue(okChat("second time lucky"));

    Completion completion =
        HttpModelClients.chat("generator", config).complete(HELLO).get(10, TimeUnit.SECONDS);

    assertThat(completion.text()).isEqualTo("second time lucky");
    assertThat(completion.stats().attempts()).isEqualTo(2);
    EndpointCounters counters = HttpModelClients.counters().get("generator");
    assertThat(counters.attempts()).isEqualTo(2);
    assertThat(counters.successes()).isEqualTo(1);
    assertThat(counters.retries()).isEqualTo(1);
    assertThat(counters.failures()).isZero();
    assertThat(counters.retriesByClass()).isEqualTo(Map.of(errorClass.label(), 1L));
    assertThat(counters.inFlight()).isZero();
    assertThat(counters.promptTokens()).isEqualTo(12);
    assertThat(counters.completionTokens()).isEqualTo(5);
  }

  static Stream<Arguments> finalStatuses() {
    return Stream.of(
        Arguments.of(400, ErrorClass.REJECTED, "the server refused this request"),
        Arguments.of(401, ErrorClass.AUTH, "check the key in "),
        Arguments.of(403, ErrorClass.AUTH, "check the key in "),
        Arguments.of(404, ErrorClass.NOT_FOUND, "check base-url"),
        Arguments.of(422, ErrorClass.REJECTED, "the server refused this request"),
        Arguments.of(418, ErrorClass.CLIENT_ERROR, "after 1 attempt"),
        Arguments.of(301, ErrorClass.CLIENT_ERROR, "set base-url to the URL it redirects to"));
  }

  @ParameterizedTest(name = "fails at once on {0}")
  @MethodSource("finalStatuses")
  void failsAtOnceOnANonRetryableStatus(
      int status, ErrorClass errorClass, String hint, @TempDir Path dir) throws Exception {
    Path keyFile = Files.writeString(dir.resolve("key"), KEY);
    EndpointConfig config =
        TestEndpoints.config(
            server, EndpointKind.CHAT, keyFile.toString(), 4, Duration.ofSeconds(2), 5);
    server.enqueue(
        status(status)
            .addHeader("Location", "https://elsewhere.example/v1/chat/completions")
            .body(
                "{\"error\":{\"message\":\"Bad request for key "
                    + KEY
                    + ": max_tokens too large\"}}")
            .build());

    ModelCallException e = failure(HttpModelClients.chat("reward", config).complete(HELLO));

    assertThat(e.errorClass()).isEqualTo(errorClass);
    assertThat(e.httpStatus()).isEqualTo(status);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.getMessage())
        .startsWith(
            "Endpoint 'reward' returned "
                + status
                + " for POST /v1/chat/completions after 1 attempt")
        .contains(hint)
        .doesNotContain(KEY)
        .doesNotContain("Hello");
    if (status >= 400) {
      assertThat(e.getMessage())
          .contains("(server said: Bad request for key ***: max_tokens too large)");
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
    EndpointCounters counters = HttpModelClients.counters().get("reward");
    assertThat(counters.attempts()).isEqualTo(1);
    assertThat(counters.failures()).isEqualTo(1);
    assertThat(counters.failuresByClass()).isEqualTo(Map.of(errorClass.label(), 1L));
  }

  @Test
  void authFailureWithoutAKeySaysHowToSetOne() throws Exception {
    server.enqueue(status(401).build());

    ModelCallException e = failure(HttpModelClients.chat("reward", chat(server)).complete(HELLO));

    assertThat(e.getMessage())
        .isEqualTo(
            "Endpoint 'reward' returned 401 for POST /v1/chat/completions after 1 attempt:"
                + " the server wants a key; set api-key-env or api-key-file for this endpoint");
  }

  @Test
  void failsAfterMaxAttemptsWhenRetriesRunOut() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(status(503).build());
    }

    ModelCallException e =
        failure(HttpModelClients.chat("generator", chat(server)).complete(HELLO));

    assertThat(e.errorClass()).isEqualTo(ErrorClass.SERVER_ERROR);
    assertThat(e.httpStatus()).isEqualTo(503);
    assertThat(e.attempts()).isEqualTo(3);
    assertThat(e.getMessage())
        .isEqualTo(
            "Endpoint 'generator' failed after 3 attempts: 503 Server Error; check the server's"
                + " health and logs");
    assertThat(server.getRequestCount()).isEqualTo(3);
    EndpointCounters counters = HttpModelClients.counters().get("generator");
    assertThat(counters.attempts()).isEqualTo(3);
    assertThat(counters.retries()).isEqualTo(2);
    assertThat(counters.failures()).isEqualTo(1);
    assertThat(counters.successes()).isZero();
    assertThat(counters.attempts())
        .isEqualTo(counters.successes() + counters.retries() + counters.failures());
  }

  @Test
  void connectionRefusedIsRetriedThenReportedWithTheUrl() throws Exception {
    EndpointConfig config = chat(server);
    server.close();

    ModelCallException e = failure(HttpModelClients.chat("generator", config).complete(HELLO));

    assertThat(e.errorClass()).isEqualTo(ErrorClass.CONNECTION);
    assertThat(e.httpStatus()).isZero();
    assertThat(e.attempts()).isEqualTo(3);
    assertThat(e.getMessage())
        .startsWith("Endpoint 'generator' failed after 3 attempts: connection failed (")
        .endsWith("check that the server at " + config.baseUrl() + " is up and reachable");
    assertThat(e.getCause()).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void honoursRetryAfterSeconds() throws Exception {
    List<Long> arrivals = recordArrivals(status(429).addHeader("Retry-After", "1").build());

    Completion completion =
        HttpModelClients.chat("generator", chat(server)).complete(HELLO).get(10, TimeUnit.SECONDS);

    assertThat(completion.stats().attempts()).isEqualTo(2);
    long gapMillis = TimeUnit.NANOSECONDS.toMillis(arrivals.get(1) - arrivals.get(0));
    assertThat(gapMillis).isBetween(990L, 3_000L);
    assertThat(completion.stats().latencyMillis()).isGreaterThanOrEqualTo(1_000L);
  }

  @Test
  void honoursRetryAfterHttpDate() throws Exception {
    // whole seconds on the wire: two seconds ahead is at least one second after truncation
    String inTwoSeconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2));
    List<Long> arrivals =
        recordArrivals(status(503).addHeader("Retry-After", inTwoSeconds).build());

    HttpModelClients.chat("generator", chat(server)).complete(HELLO).get(10, TimeUnit.SECONDS);

    long gapMillis = TimeUnit.NANOSECONDS.toMillis(arrivals.get(1) - arrivals.get(0));
    assertThat(gapMillis).isBetween(900L, 3_000L);
  }

  @Test
  void honoursRetryAfterMs() throws Exception {
    List<Long> arrivals =
        recordArrivals(
            status(429).addHeader("retry-after-ms", "300").addHeader("Retry-After", "7").build());

    HttpModelClients.chat("generator", chat(server)).complete(HELLO).get(10, TimeUnit.SECONDS);

    long gapMillis = TimeUnit.NANOSECONDS.toMillis(arrivals.get(1) - arrivals.get(0));
    assertThat(gapMillis).isBetween(295L, 2_000L);
  }

  @Test
  void neverHasMoreThanMaxConcurrencyRequestsInFlight() throws Exception {
    AtomicInteger current = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            peak.accumulateAndGet(current.incrementAndGet(), Math::max);
            try {
              Thread.sleep(50);
              return okChat("done");
            } finally {
              current.decrementAndGet();
            }
          }
        });
    EndpointConfig config =
        TestEndpoints.config(server, EndpointKind.CHAT, null, 3, Duration.ofSeconds(5), 3);
    ExecutorService tasks = Executors.newFixedThreadPool(20);
    try {
      List<CompletableFuture<CompletableFuture<Completion>>> calls = new ArrayList<>();
      CountDownLatch go = new CountDownLatch(1);
      for (int i = 0; i < 20; i++) {
        calls.add(
            CompletableFuture.supplyAsync(
                () -> {
                  awaitQuietly(go);
                  return HttpModelClients.chat("generator", config).complete(HELLO);
                },
                tasks));
      }
      go.countDown();
      for (CompletableFuture<CompletableFuture<Completion>> call : calls) {
        assertThat(call.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS).text())
            .isEqualTo("done");
      }
    } finally {
      tasks.shutdownNow();
    }

    assertThat(peak.get()).isEqualTo(3);
    EndpointCounters counters = HttpModelClients.counters().get("generator");
    assertThat(counters.successes()).isEqualTo(20);
    assertThat(counters.peakInFlight()).isEqualTo(3);
    assertThat(counters.inFlight()).isZero();
    assertThat(HttpModelClients.latencyPercentileMillis("generator", 0.5)).isBetween(40.0, 5_000.0);
  }

  @Test
  void failsWithInternalWhenInterruptedWhileWaitingForASlot() throws Exception {
    EndpointConfig config =
        TestEndpoints.config(server, EndpointKind.CHAT, null, 1, Duration.ofSeconds(5), 1);
    server.enqueue(
        new MockResponse.Builder()
            .headersDelay(300, TimeUnit.MILLISECONDS)
            .body(TestEndpoints.chatReply("slow"))
            .build());
    CompletableFuture<Completion> first =
        HttpModelClients.chat("generator", config).complete(HELLO);
    AtomicReference<CompletableFuture<Completion>> second = new AtomicReference<>();
    Thread waiter =
        new Thread(() -> second.set(HttpModelClients.chat("generator", config).complete(HELLO)));

    waiter.start();
    Thread.sleep(50);
    waiter.interrupt();
    waiter.join(5_000);

    ModelCallException e = failure(second.get());
    assertThat(e.errorClass()).isEqualTo(ErrorClass.INTERNAL);
    assertThat(e.attempts()).isZero();
    assertThat(e.getMessage())
        .isEqualTo(
            "Endpoint 'generator': interrupted while waiting for one of its 1 request slots");
    assertThat(first.get(5, TimeUnit.SECONDS).text()).isEqualTo("slow");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void cancellingACallGivesItsSlotBack() throws Exception {
    EndpointConfig config =
        TestEndpoints.config(server, EndpointKind.CHAT, null, 1, Duration.ofSeconds(5), 1);
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    server.enqueue(okChat("after cancel"));
    CompletableFuture<Completion> stalled =
        HttpModelClients.chat("generator", config).complete(HELLO);
    server.takeRequest(5, TimeUnit.SECONDS);

    stalled.cancel(true);
    Completion next =
        HttpModelClients.chat("generator", config).complete(HELLO).get(5, TimeUnit.SECONDS);

    assertThat(next.text()).isEqualTo("after cancel");
    // the cancelled attempt ends on OkHttp's thread, maybe after the next call
    EndpointCounters counters =
        awaitCounters("generator", c -> c.inFlight() == 0 && c.failures() == 1);
    assertThat(counters.successes()).isEqualTo(1);
    assertThat(counters.failuresByClass()).isEqualTo(Map.of(EndpointStats.CANCELLED, 1L));
    assertThat(counters.attempts()).isEqualTo(2);
  }

  @Test
  void rejectsAnInvalidJsonSchemaWithoutCallingTheServer() {
    ChatRequest request = HELLO.withJsonSchema("{not json");

    ModelCallException e =
        failure(HttpModelClients.chat("generator", chat(server)).complete(request));

    assertThat(e.errorClass()).isEqualTo(ErrorClass.INVALID_INPUT);
    assertThat(e.getMessage())
        .isEqualTo(
            "Endpoint 'generator': the request's JSON schema is not valid JSON (line 1, column 2);"
                + " fix the schema");
    assertThat(server.getRequestCount()).isZero();
  }

  private List<Long> recordArrivals(MockResponse first) {
    List<Long> arrivals = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger count = new AtomicInteger();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            arrivals.add(System.nanoTime());
            return count.getAndIncrement() == 0 ? first : okChat("ok");
          }
        });
    return arrivals;
  }

  private static EndpointCounters awaitCounters(
      String endpoint, java.util.function.Predicate<EndpointCounters> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    EndpointCounters counters = HttpModelClients.counters().get(endpoint);
    while (!done.test(counters) && System.nanoTime() < deadline) {
      Thread.sleep(5);
      counters = HttpModelClients.counters().get(endpoint);
    }
    return counters;
  }

  private static MockResponse.Builder status(int code) {
    return new MockResponse.Builder().code(code);
  }

  static ModelCallException failure(CompletableFuture<?> future) {
    assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(ModelCallException.class);
    try {
      future.join();
    } catch (CompletionException e) {
      return (ModelCallException) e.getCause();
    }
    throw new AssertionError("The call did not fail");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
