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

  /**
   * Starts {@code sdg run} on {@code config} against one simulator serving both the generator and
   * the reward model, without the report, its output going to {@code log}; {@code sets} are more
   * {@code key=value} overrides.
   */
  static Process run(String config, Path out, String simUrl, Path log, List<String> sets)
      throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--config",
                config,
                "--out",
                out.toString(),
                "--master",
                "local[2]",
                "--set",
                "endpoints.generator.base-url=" + simUrl,
                "--set",
                "endpoints.reward.base-url=" + simUrl,
                "--set",
                "output.report=false"));
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
    ProcessBuilder pb =
        new ProcessBuilder(main(args)).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }
}
