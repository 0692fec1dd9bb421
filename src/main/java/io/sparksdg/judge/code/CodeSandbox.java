package io.sparksdg.judge.code;

import io.sparksdg.config.CodeTestsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a response's Python code and its prompt's tests in a separate process, never in this JVM: a
 * fresh scratch directory (deleted afterwards) holds the code, the tests and a small launcher
 * ({@code launcher.py}), which sets the resource limits (CPU seconds, address space, file size,
 * open files, processes, no core dumps), locks the file system down and drops to an unprivileged
 * uid as {@link Isolation} allows, runs the code, then the tests, and writes one verdict line. The
 * process is killed, with every process it started, when it overruns the timeout. Output is bounded
 * by the file-size limit and only its tail is read. At most {@code max-parallel} runs share one
 * JVM.
 */
public final class CodeSandbox {

  /** The first uid the runs use as root; slot {@code i} runs as {@code BASE_UID + i}. */
  static final int BASE_UID = 61000;

  static final int FILE_MB = 16;
  static final int MAX_PROCESSES = 32;
  private static final int TAIL_BYTES = 16 * 1024;
  private static final long GRACE_MILLIS = 3000;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static BlockingQueue<Integer> slots;

  private final CodeTestsConfig config;
  private final Path scratchRoot;

  public CodeSandbox(CodeTestsConfig config) {
    this(config, Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** A sandbox whose scratch directories are made under {@code scratchRoot}. */
  CodeSandbox(CodeTestsConfig config, Path scratchRoot) {
    this.config = config;
    this.scratchRoot = scratchRoot;
  }

  /** The isolation this JVM's runs get (found on first use). */
  public Isolation isolation() {
    return Isolation.forPython(config.python(), this::probe);
  }

  /** The verdict on a response: its code ({@link CodeExtraction}) run against {@code tests}. */
  public CodeVerdict judge(String response, String tests) {
    if (tests == null || tests.isBlank()) {
      return CodeVerdict.fail(CodeVerdict.NO_TESTS, "the prompt carries no tests");
    }
    return CodeExtraction.code(response)
        .map(code -> run(code, tests))
        .orElseGet(() -> CodeVerdict.fail(CodeVerdict.NO_CODE, "no Python code in the response"));
  }

  /** Runs {@code code}, then {@code tests} in the same namespace, in the sandbox. */
  public CodeVerdict run(String code, String tests) {
    Isolation isolation = isolation();
    if (isolation.name().equals(Isolation.UNAVAILABLE)) {
      return CodeVerdict.fail(CodeVerdict.SANDBOX, isolation.missing());
    }
    BlockingQueue<Integer> free = slots(config.parallelism());
    int slot;
    try {
      slot = free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CodeVerdict.fail(CodeVerdict.SANDBOX, "interrupted while waiting for a sandbox");
    }
    try {
      return runIn(isolation, slot, code, tests);
    } finally {
      free.add(slot);
    }
  }

  private CodeVerdict runIn(Isolation isolation, int slot, String code, String tests) {
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory(scratchRoot, "sdg-code-");
      return launch(isolation, slot, scratch, code, tests);
    } catch (IOException e) {
      return CodeVerdict.fail(CodeVerdict.SANDBOX, "cannot prepare the scratch directory: " + e);
    } finally {
      delete(scratch);
    }
  }

  private CodeVerdict launch(Isolation isolation, int slot, Path scratch, String code, String tests)
      throws IOException {
    Files.writeString(scratch.resolve("solution.py"), code);
    Files.writeString(scratch.resolve("tests.py"), tests);
    Path launcher = scratch.resolve("launcher.py");
    try (InputStream in = CodeSandbox.class.getResourceAsStream("launcher.py")) {
      Files.copy(in, launcher);
    }
    Path output = scratch.resolve("output.txt");
    String nonce = HexFormat.of().formatHex(RANDOM.generateSeed(12));
    ProcessBuilder pb = new ProcessBuilder(command(isolation, slot, launcher));
    pb.directory(scratch.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.redirectErrorStream(true);
    pb.redirectOutput(output.toFile());
    pb.environment().put("SDG_NONCE", nonce);
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    long started = System.nanoTime();
    Process process = pb.start();
    boolean ended;
    try {
      ended = process.waitFor(config.timeout().toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill(process);
      return CodeVerdict.fail(CodeVerdict.SANDBOX, "interrupted while the code ran");
    }
    if (!ended) {
      kill(process);
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
      return CodeVerdict.fail(CodeVerdict.TIMEOUT, "still running after " + seconds + " s");
    }
    kill(process); // processes it left behind
    return Verdicts.read(tail(output), nonce, process.exitValue());
  }

  private List<String> command(Isolation isolation, int slot, Path launcher) {
    List<String> cmd = new ArrayList<>(isolation.prefix());
    cmd.add(config.python());
    cmd.add("-I");
    cmd.add("-B");
    cmd.add(launcher.toString());
    cmd.add(isolation.lockdown() ? "1" : "0");
    cmd.add(String.valueOf(isolation.dropUid() ? BASE_UID + slot : 0));
    cmd.add(String.valueOf(config.cpuSeconds()));
    cmd.add(String.valueOf(config.memoryMb()));
    cmd.add(String.valueOf(FILE_MB));
    cmd.add(String.valueOf(isolation.dropUid() ? MAX_PROCESSES : 0));
    return cmd;
  }

  /** Whether a trivial run passes with this isolation (the test for {@link Isolation}). */
  private boolean probe(Isolation isolation) {
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory(scratchRoot, "sdg-code-probe-");
      String tests = "import json, socket\nassert f() == 1\nopen('probe.txt', 'w').write('ok')\n";
      CodeVerdict v = launch(isolation, 0, scratch, "def f():\n    return 1\n", tests);
      return v.passed();
    } catch (IOException | RuntimeException e) {
      return false;
    } finally {
      delete(scratch);
    }
  }

  /**
   * Kills the process and whatever it started: in a pid namespace killing its first process ends
   * them all; without one, its process group and descendants are killed.
   */
  private static void kill(Process process) {
    List<ProcessHandle> tree = process.descendants().toList();
    try {
      new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      // no kill(1): the descendants below are killed one by one
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
  }

  private static String tail(Path output) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(output.toFile(), "r")) {
      long start = Math.max(0, f.length() - TAIL_BYTES);
      byte[] bytes = new byte[(int) (f.length() - start)];
      f.seek(start);
      f.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static synchronized BlockingQueue<Integer> slots(int parallelism) {
    if (slots == null) {
      slots = new ArrayBlockingQueue<>(parallelism);
      for (int i = 0; i < parallelism; i++) {
        slots.add(i);
      }
    }
    return slots;
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a leftover scratch directory under the temp dir is harmless
    }
  }
}
