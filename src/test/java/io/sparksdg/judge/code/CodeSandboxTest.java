package io.sparksdg.judge.code;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparksdg.config.CodeTestsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's verdicts on a fixed set of answers (code-cases.jsonl: passing, failing, crashing,
 * timing out, out of memory, hostile) against the expected ones and against plain {@code python3}
 * run by hand; the hostile ones are contained.
 */
class CodeSandboxTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PYTHON =
      Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

  record Case(
      String name, String category, String answer, String tests, boolean passed, String reason) {}

  private static final List<Case> CASES = new ArrayList<>();
  private static final Map<String, CodeVerdict> VERDICTS =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static final Map<String, Long> MILLIS = new java.util.concurrent.ConcurrentHashMap<>();
  private static final AtomicInteger CONNECTIONS = new AtomicInteger();
  private static ServerSocket server;
  private static Path outside;
  private static CodeSandbox sandbox;
  @TempDir static Path scratchRoot;
  @TempDir static Path outsideDir;
  @TempDir static Path byHandDir;

  @BeforeAll
  static void runEveryCase() throws Exception {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(CodeSandboxTest::accept, "code-sandbox-test-server");
    acceptor.setDaemon(true);
    acceptor.start();
    outside = outsideDir.resolve("escaped.txt");
    sandbox =
        new CodeSandbox(new CodeTestsConfig(Duration.ofSeconds(2), 256, PYTHON, 2), scratchRoot);
    for (Case c : load()) {
      CASES.add(c);
    }
    // the hostile ones one at a time after the others: a fork bomb starves whatever runs beside it
    long started = System.nanoTime();
    runAll(CASES.stream().filter(c -> !c.category().equals("hostile")).toList(), 2);
    runAll(CASES.stream().filter(c -> c.category().equals("hostile")).toList(), 1);
    // what a run costs when the code ends by itself (passing, failing, crashing)
    List<Long> quick = new ArrayList<>();
    for (Case c : CASES) {
      if (List.of("passing", "failing", "crashing").contains(c.category())) {
        quick.add(MILLIS.get(c.name()));
      }
    }
    System.out.printf(
        "[code-sandbox] %d verdicts in %.1f s with isolation %s; %d that end by themselves took"
            + " %d ms each on average, two at a time%n",
        VERDICTS.size(),
        (System.nanoTime() - started) / 1e9,
        sandbox.isolation().name(),
        quick.size(),
        quick.stream().mapToLong(Long::longValue).sum() / quick.size());
  }

  private static void runAll(List<Case> cases, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Map<String, Future<CodeVerdict>> running = new LinkedHashMap<>();
    for (Case c : cases) {
      Callable<CodeVerdict> judge =
          () -> {
            long t0 = System.nanoTime();
            CodeVerdict v = sandbox.judge(c.answer(), c.tests());
            MILLIS.put(c.name(), (System.nanoTime() - t0) / 1_000_000);
            return v;
          };
      running.put(c.name(), pool.submit(judge));
    }
    for (Map.Entry<String, Future<CodeVerdict>> e : running.entrySet()) {
      VERDICTS.put(e.getKey(), e.getValue().get(5, TimeUnit.MINUTES));
    }
    pool.shutdown();
  }

  @AfterAll
  static void stopServer() throws IOException {
    server.close();
    Files.deleteIfExists(Path.of("/dev/shm/sdg-code-escape.txt"));
  }

  @Test
  void holdsAtLeastFiftyCasesOfEveryKind() {
    assertThat(CASES).hasSizeGreaterThanOrEqualTo(50);
    assertThat(CASES.stream().map(Case::category).distinct())
        .containsExactlyInAnyOrder(
            "passing", "failing", "crashing", "timeout", "memory", "hostile");
  }

  @Test
  void verdictsAreTheExpectedOnes() {
    boolean namespaced = sandbox.isolation().namespaced();
    Map<String, String> expected = new LinkedHashMap<>();
    Map<String, String> actual = new LinkedHashMap<>();
    for (Case c : CASES) {
      CodeVerdict v = VERDICTS.get(c.name());
      boolean exactReason = namespaced || !c.category().equals("hostile");
      expected.put(c.name(), c.passed() + " " + (exactReason ? c.reason() : "*"));
      actual.put(
          c.name(), v.passed() + " " + (exactReason ? v.reason() : "*") + " (" + v.detail() + ")");
    }
    actual.replaceAll((name, text) -> text.substring(0, text.indexOf(" (")));
    assertThat(actual).containsExactlyEntriesOf(expected);
  }

  @Test
  void failuresSayWhatFailed() {
    assertThat(VERDICTS.get("add").detail()).isEmpty();
    assertThat(VERDICTS.get("message-assert").detail())
        .isEqualTo(
            "AssertionError: mean of 1 and 2 at tests.py:1: assert mean([1, 2]) == 1.5, 'mean of"
                + " 1 and 2'");
    assertThat(VERDICTS.get("zero-division").detail()).startsWith("ZeroDivisionError: division");
    assertThat(VERDICTS.get("syntax-error").detail()).startsWith("SyntaxError");
    assertThat(VERDICTS.get("no-code-prose").reason()).isEqualTo(CodeVerdict.NO_CODE);
    assertThat(sandbox.judge("```python\nx = 1\n```", " ").reason())
        .isEqualTo(CodeVerdict.NO_TESTS);
  }

  @Test
  void aMissingInterpreterMakesSandboxVerdicts() {
    CodeSandbox none =
        new CodeSandbox(
            new CodeTestsConfig(Duration.ofSeconds(2), null, "/nonexistent/python3", 1),
            scratchRoot);
    CodeVerdict v = none.judge("```python\ndef f():\n    return 1\n```", "assert f() == 1\n");
    assertThat(v.reason()).isEqualTo(CodeVerdict.SANDBOX);
    assertThat(v.detail()).contains("cannot start '/nonexistent/python3'");
  }

  @Test
  void hostileCodeIsContained() {
    assertThat(outside).doesNotExist();
    assertThat(CONNECTIONS.get()).isZero();
    if (sandbox.isolation().namespaced()) { // without namespaces /dev/shm is writable by all
      assertThat(Path.of("/dev/shm/sdg-code-escape.txt")).doesNotExist();
    }
    for (Case c : CASES) {
      if (c.category().equals("hostile")) {
        assertThat(VERDICTS.get(c.name()).passed()).as(c.name()).isFalse();
      }
    }
    try (var leftovers = Files.list(scratchRoot)) {
      assertThat(leftovers).as("scratch directories left behind").isEmpty();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Plain python3 on the code followed by the tests: exit status 0 means the tests pass. */
  @Test
  void verdictsAgreeWithPlainPythonByHand() throws Exception {
    Map<String, Future<Boolean>> running = new LinkedHashMap<>();
    Map<String, Boolean> byHand = new LinkedHashMap<>();
    Map<String, Boolean> bySandbox = new LinkedHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    for (Case c : CASES) {
      if (c.category().equals("hostile")) {
        continue; // never run outside the sandbox
      }
      running.put(c.name(), pool.submit(() -> runByHand(byHandDir, c)));
      bySandbox.put(c.name(), VERDICTS.get(c.name()).passed());
    }
    for (Map.Entry<String, Future<Boolean>> e : running.entrySet()) {
      byHand.put(e.getKey(), e.getValue().get(5, TimeUnit.MINUTES));
    }
    pool.shutdown();
    assertThat(bySandbox).containsExactlyEntriesOf(byHand);
    assertThat(byHand.values()).contains(true, false);
  }

  private static boolean runByHand(Path dir, Case c) throws Exception {
    var code = CodeExtraction.code(c.answer());
    if (code.isEmpty()) {
      return false; // nothing to run
    }
    Path file = dir.resolve(c.name() + ".py");
    Files.writeString(file, code.get() + "\n" + c.tests(), StandardCharsets.UTF_8);
    Process p =
        new ProcessBuilder(PYTHON, file.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(5, TimeUnit.SECONDS)) { // the timing-out cases spin or sleep for ever
      p.destroyForcibly();
      return false;
    }
    return p.exitValue() == 0;
  }

  private static List<Case> load() throws IOException {
    List<Case> out = new ArrayList<>();
    try (InputStream in = CodeSandboxTest.class.getResourceAsStream("code-cases.jsonl")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = JSON.readTree(line);
        out.add(
            new Case(
                n.path("name").asText(),
                n.path("category").asText(),
                fill(n.path("answer").asText()),
                fill(n.path("tests").asText()),
                n.path("passed").asBoolean(),
                n.path("reason").asText()));
      }
    }
    return out;
  }

  private static String fill(String text) {
    return text.replace("{OUTSIDE}", outside.toString())
        .replace("{PORT}", String.valueOf(server.getLocalPort()));
  }

  private static void accept() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        CONNECTIONS.incrementAndGet();
      } catch (IOException e) {
        return;
      }
    }
  }
}
