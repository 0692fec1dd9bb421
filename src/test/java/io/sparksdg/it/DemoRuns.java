package io.sparksdg.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.cli.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Two rounds of a small demo run (conf/local.yaml with fewer synthetic prompts, plus the math and
 * instruction-following samples; the second round answers the first's prompts again with another
 * seed), made once per build through the command line, with the built-in simulator, under {@code
 * target/demo-runs/<build time>/round1} and {@code round2}. Integration tests that need a run's
 * output share them, also across the forked test JVMs (the first to ask makes them, holding a file
 * lock that the others wait for).
 */
final class DemoRuns {

  private static Path root;

  private DemoRuns() {}

  static synchronized Path round1() {
    return rounds().resolve("round1");
  }

  static synchronized Path round2() {
    return rounds().resolve("round2");
  }

  private static Path rounds() {
    if (root != null) {
      return root;
    }
    // One folder per build (the pom names it), shared by the integration test JVMs under a lock;
    // without the property, one per JVM.
    String shared = System.getProperty("sdg.demo-runs");
    Path dir =
        shared != null && !shared.isBlank()
            ? Path.of(shared).toAbsolutePath()
            : Path.of("target/demo-runs")
                .toAbsolutePath()
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss-SSS")));
    try {
      Files.createDirectories(dir);
      try (FileChannel lock =
              FileChannel.open(
                  dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock held = lock.lock()) {
        Path done = dir.resolve("_done");
        if (!Files.exists(done)) {
          make(dir);
          Files.writeString(done, "");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    root = dir;
    return root;
  }

  private static void make(Path dir) {
    Path round1 = dir.resolve("round1");
    long start = System.nanoTime();
    int first =
        Main.execute(
            "run",
            "--config",
            "conf/local.yaml",
            "--out",
            round1.toString(),
            "--master",
            "local[2]",
            "--set",
            "prompts.topics=3",
            "--set",
            "prompts.questions-per-topic=3",
            "--set",
            "prompts.extra-imports=[data-samples/math.jsonl, data-samples/instructions.jsonl]",
            "--set",
            "run.partitions=2");
    assertThat(first).as("round 1 exit code").isZero();
    int second =
        Main.execute(
            "run",
            "--config",
            "conf/local.yaml",
            "--out",
            dir.resolve("round2").toString(),
            "--master",
            "local[2]",
            "--set",
            "prompts.from-round=" + round1,
            "--set",
            "run.round=2",
            "--set",
            "run.seed=43",
            "--set",
            "run.partitions=2");
    assertThat(second).as("round 2 exit code").isZero();
    System.out.printf(
        "DemoRuns: two rounds under %s in %.0f s%n", dir, (System.nanoTime() - start) / 1e9);
  }
}
