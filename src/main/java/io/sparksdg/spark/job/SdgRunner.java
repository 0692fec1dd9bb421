package io.sparksdg.spark.job;

import io.sparksdg.config.SdgConfig;
import io.sparksdg.spark.exec.EndpointBreaker;
import io.sparksdg.spark.run.OutputLayout;
import io.sparksdg.spark.run.RunReports;
import io.sparksdg.spark.run.RunSummary;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Spark session a run needs and runs the job in it. With no master configured (neither
 * by {@code spark-submit} nor on the command line) it runs in local mode on all cores.
 */
public final class SdgRunner {

  private static final Logger LOG = LoggerFactory.getLogger(SdgRunner.class);

  /** Spark's default redaction pattern, widened to API keys. */
  static final String REDACTION_REGEX =
      "(?i)secret|password|token|access[.]?key|api[_.-]?key|authorization|bearer";

  private SdgRunner() {}

  /**
   * Runs the job; stops the Spark session afterwards if this call created it.
   *
   * @throws EndpointFailingException when an endpoint failed every request and the run stopped
   */
  public static RunSummary run(SdgConfig config, String master) {
    boolean ours = SparkSession.getActiveSession().isEmpty();
    SparkSession spark = session(config, master);
    if (spark.sparkContext().isLocal()) {
      missingModuleOpens(SdgRunner.class.getModule()).ifPresent(LOG::warn);
    }
    String host =
        spark.sparkContext().isLocal() ? "127.0.0.1" : spark.conf().get("spark.driver.host");
    try (EmbeddedModels embedded = EmbeddedModels.start(config, host)) {
      RunSummary summary = new SdgJob(spark, embedded.resolve(config)).run();
      return summary.with(
          OutputLayout.lastRunId(
              config.output().root(), spark.sparkContext().hadoopConfiguration()),
          summary.failures() == 0 ? List.of() : causes(spark, config.output().root()));
    } catch (Exception e) { // Spark's SparkException is checked, though Java cannot see it
      java.util.Optional<String> endpoint = EndpointBreaker.EndpointFailingException.find(e);
      if (endpoint.isPresent()) {
        throw new EndpointFailingException(endpoint.get(), e);
      }
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getMessage(), e);
    } finally {
      if (ours) {
        spark.stop();
      }
    }
  }

  /** The top failure causes of the run's {@code failures} table; none when it cannot be read. */
  private static List<RunSummary.Cause> causes(SparkSession spark, String root) {
    try {
      return new RunReports(spark, root)
          .failureReasons().stream()
              .limit(TOP_CAUSES)
              .map(f -> new RunSummary.Cause(f.count(), f.stage(), f.errorClass(), f.shown()))
              .toList();
    } catch (RuntimeException e) { // the run's outcome matters more than its explanation
      LOG.warn("Could not read the failures under {}: {}", root, e.toString());
      return List.of();
    }
  }

  /** Failure causes a failed run names on the console. */
  static final int TOP_CAUSES = 3;

  /**
   * Why this JVM cannot host Spark's executors safely, if it cannot. Spark's launcher (and {@code
   * submit/sdg}) open {@code java.nio} and other packages to Spark on Java 17; a JVM started by a
   * plain {@code java} command without them runs small jobs, but fails once a large run spills
   * cached work to disk (Spark's Kryo serializer cannot reach into {@code ByteBuffer}).
   */
  static Optional<String> missingModuleOpens(Module caller) {
    if (ByteBuffer.class.getModule().isOpen("java.nio", caller)) {
      return Optional.empty();
    }
    return Optional.of(
        "This JVM does not open java.nio to Spark, so a run that outgrows Spark's memory will fail"
            + " when it spills to disk; start it with submit/sdg or spark-submit, or add Spark's"
            + " --add-opens options (README, Troubleshooting)");
  }

  /** The run stopped because an endpoint failed every request; the message is one line. */
  public static final class EndpointFailingException extends RuntimeException {
    EndpointFailingException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Runs {@code body} with the active session, or with a {@code local[2]} one started for it and
   * stopped after.
   */
  public static <T> T withSession(
      SdgConfig config, java.util.function.Function<SparkSession, T> body) {
    boolean ours =
        SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = session(config, ours ? "local[2]" : null);
    try {
      return body.apply(spark);
    } finally {
      if (ours) {
        spark.stop();
      }
    }
  }

  public static SparkSession session(SdgConfig config, String master) {
    return SparkSession.builder().config(conf(new SparkConf(), config, master)).getOrCreate();
  }

  /**
   * The run's Spark settings on top of {@code conf} (which holds what {@code spark-submit} set): a
   * master on the command line, ours or spark-submit's, beats the config's {@code spark.master};
   * the job's own safety settings beat everything.
   */
  static SparkConf conf(SparkConf conf, SdgConfig config, String master) {
    boolean masterGiven = master != null || conf.contains("spark.master");
    if (master != null) {
      conf.setMaster(master);
    } else if (!masterGiven) {
      conf.setMaster(config.spark().getOrDefault("spark.master", "local[*]"));
    }
    conf.setIfMissing("spark.app.name", "spark-sdg");
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    conf.setIfMissing("spark.sql.shuffle.partitions", "8");
    for (Map.Entry<String, String> e : config.spark().entrySet()) {
      if (!(masterGiven && e.getKey().equals("spark.master"))) {
        conf.set(e.getKey(), e.getValue());
      }
    }
    // A model call must not run twice because a task looked slow.
    conf.set("spark.speculation", "false");
    // Keep adaptive execution from merging the partitions that spread model calls over tasks.
    conf.set("spark.sql.adaptive.coalescePartitions.enabled", "false");
    conf.set("spark.redaction.regex", REDACTION_REGEX);
    return conf;
  }
}
