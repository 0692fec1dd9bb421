package io.sparksdg.spark.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code SPARK_HOME} laid out like a Spark distribution of the build's Spark version, made from
 * the Spark runtime jars Maven brought ({@code target/classpath.txt}): {@code jars/} links to them,
 * {@code RELEASE} marks the folder as a distribution for Spark's launcher, and {@code
 * bin/spark-class} / {@code bin/spark-submit} hand the command line to Spark's own launcher ({@code
 * org.apache.spark.launcher.Main}) and run what it builds, as the distribution's scripts do. The
 * job's own dependencies (OkHttp, picocli, SnakeYAML, ...) are left out: they travel shaded in
 * {@code spark-sdg.jar}, as on a real cluster.
 */
public final class SparkHomeFromBuild {

  /** Jars that belong to the job, not to a Spark distribution. */
  private static final Pattern JOB_DEPENDENCY =
      Pattern.compile(
          "/(com/squareup|org/jetbrains|info/picocli|org/yaml/snakeyaml"
              + "|com/fasterxml/jackson/dataformat/jackson-dataformat-yaml)/");

  private SparkHomeFromBuild() {}

  /**
   * Creates (or refreshes) the Spark home at {@code home}.
   *
   * @param repo the repository root, whose {@code target/classpath.txt} lists the runtime jars
   */
  public static Path create(Path repo, Path home) throws IOException {
    Path classpath = repo.resolve("target/classpath.txt");
    if (!Files.isRegularFile(classpath)) {
      throw new IllegalStateException(
          classpath + " is missing: run ./mvnw package (the integration tests need it)");
    }
    Path jars = Files.createDirectories(home.resolve("jars"));
    for (String entry : Files.readString(classpath).trim().split(":")) {
      Path jar = Path.of(entry);
      if (entry.isBlank() || !entry.endsWith(".jar") || JOB_DEPENDENCY.matcher(entry).find()) {
        continue;
      }
      Path link = jars.resolve(jar.getFileName());
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, jar);
    }
    Files.writeString(home.resolve("RELEASE"), "Spark from the build's Maven jars (tests only)\n");
    // Daemons and executors log at INFO (the harness reads the master's URL from its log).
    Path conf = Files.createDirectories(home.resolve("conf"));
    Files.write(
        conf.resolve("log4j2.properties"),
        List.of(
            "rootLogger.level = info",
            "rootLogger.appenderRef.stderr.ref = console",
            "appender.console.type = Console",
            "appender.console.name = console",
            "appender.console.target = SYSTEM_ERR",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1}: %m%n",
            "logger.hadoopnative.name = org.apache.hadoop.util.NativeCodeLoader",
            "logger.hadoopnative.level = error"),
        StandardCharsets.UTF_8);
    Path bin = Files.createDirectories(home.resolve("bin"));
    script(
        bin.resolve("spark-class"),
        List.of(
            "#!/usr/bin/env bash",
            "# Like a distribution's spark-class: Spark's launcher builds the java command line.",
            "set -euo pipefail",
            "export SPARK_HOME=\"$(cd \"$(dirname \"$0\")/..\" && pwd)\"",
            "export SPARK_SCALA_VERSION=2.13",
            "JAVA=\"${JAVA_HOME:+$JAVA_HOME/bin/}java\"",
            "mapfile -d '' OUT < <(\"$JAVA\" -Xmx128m -cp \"$SPARK_HOME/jars/*\""
                + " org.apache.spark.launcher.Main \"$@\")",
            "# The launcher prints its messages, then NUL and newline, then the command, NUL-separated.",
            "[[ ${#OUT[@]} -gt 1 ]] || { echo \"spark-class: the launcher built no command\" >&2;"
                + " exit 1; }",
            "[[ -z \"${OUT[0]}\" ]] || echo \"${OUT[0]}\" >&2",
            "CMD=(\"${OUT[@]:1}\")",
            "CMD[0]=\"${CMD[0]#$'\\n'}\"",
            "exec \"${CMD[@]}\""));
    script(
        bin.resolve("spark-submit"),
        List.of(
            "#!/usr/bin/env bash",
            "exec \"$(dirname \"$0\")/spark-class\" org.apache.spark.deploy.SparkSubmit \"$@\""));
    return home;
  }

  private static void script(Path path, List<String> lines) throws IOException {
    Files.write(path, lines, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
