package io.sparksdg.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM {@code submit/sdg} starts for a local run can serialize with Kryo. Spark uses Kryo when
 * it spills cached work to disk, which on Java 17 needs {@code java.nio} opened: the first 1M
 * prompt benchmark died there, in the scores stage, because {@code submit/sdg} ran a plain {@code
 * java} without the options Spark's own launcher passes. A run with {@code spark.serializer} set to
 * Kryo (a common tuning) meets the same code on its first shuffle, so it shows the difference in
 * seconds: through {@code submit/sdg} it completes; from a plain {@code java} command it fails,
 * after the warning that names the fix.
 */
class LocalLauncherIT {

  private static final int PROMPTS = 20;

  @TempDir Path dir;

  @Test
  void theLaunchersJvmCanSerializeWithKryoAndAPlainJavaCannot() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < PROMPTS; i++) {
      lines.add("{\"id\": \"k" + i + "\", \"prompt\": \"Kryo question " + i + "?\"}");
    }
    Path prompts = Files.write(dir.resolve("prompts.jsonl"), lines);
    Path config =
        Files.writeString(
            dir.resolve("kryo.yaml"),
            String.join(
                "\n",
                "endpoints:",
                "  generator: {base-url: embedded, model: simulated-instruct, max-tokens: 32}",
                "  reward: {base-url: embedded, model: simulated-reward, kind: nemotron-reward}",
                "prompts: {import: \"" + prompts + "\"}",
                "responses: {per-prompt: 2}",
                "output: {report: false}",
                "run: {partitions: 2}",
                "spark:",
                "  spark.master: \"local[2]\"",
                "  spark.serializer: org.apache.spark.serializer.KryoSerializer",
                ""));

    String launched =
        run(
            "launched",
            List.of("submit/sdg", "run", "--config", config.toString(), "--out", out("launched")),
            0);
    assertThat(launched).doesNotContain("does not open java.nio");
    assertThat(launched).contains("responses=" + 2 * PROMPTS).contains("failures=0");

    String plain =
        run(
            "plain",
            PlainJava.main(List.of("run", "--config", config.toString(), "--out", out("plain"))),
            1);
    assertThat(plain)
        .contains("does not open java.nio to Spark")
        .contains("Unable to create serializer")
        .contains("java.nio.HeapByteBuffer");
  }

  private String out(String name) {
    return dir.resolve("out-" + name).toString();
  }

  private String run(String name, List<String> command, int expectedExit) throws Exception {
    Path log = dir.resolve(name + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("SPARK_HOME");
    pb.environment().put("SDG_JAVA_OPTS", "-Xmx1g");
    Process process = pb.start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(name + " ends").isTrue();
    String output = Files.readString(log);
    assertThat(process.exitValue()).as(name + ":\n" + output).isEqualTo(expectedExit);
    return output;
  }
}
