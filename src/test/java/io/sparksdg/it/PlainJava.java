package io.sparksdg.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The job's command line started by a plain {@code java} command on the built jar and its
 * classpath, as a test needs it: no launcher script in between, so the test holds the JVM's own
 * process (to kill it) and its options are exactly these.
 */
final class PlainJava {

  private PlainJava() {}

  /** {@code java ... io.sparksdg.cli.Main ARGS}, with a 1 GB heap and the job's log config. */
  static List<String> main(List<String> args) throws IOException {
    String classpath =
        "target/spark-sdg.jar"
            + File.pathSeparator
            + Files.readString(Path.of("target/classpath.txt")).strip();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Dlog4j2.configurationFile=conf/log4j2.properties",
                "-cp",
                classpath,
                "io.sparksdg.cli.Main"));
    command.addAll(args);
    return command;
  }
}
