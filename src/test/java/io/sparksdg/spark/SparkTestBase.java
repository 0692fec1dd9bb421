package io.sparksdg.spark;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.RuntimeConfig;
import org.junit.jupiter.api.BeforeEach;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The Spark test classes' session: {@code local[2]}, no UI, 4 shuffle partitions, without Hive
 * (which runs never have). One SparkContext serves every class of a test JVM that asks for the same
 * settings: starting one costs seconds, and a class that needs other settings (overrides {@link
 * #conf()}) gets a context of its own, replacing the shared one. {@link SharedSparkGuard} stops it
 * before any other test class, so that code which builds its own session (the command line) never
 * finds this one.
 */
public abstract class SparkTestBase extends JavaDataFrameSuiteBase {

  /** The settings the running context was started with; null when none runs. */
  private static String running;

  /** The session's SQL settings when it started, which each test starts with again. */
  private static Map<String, String> sqlSettings;

  @Override
  public SparkConf conf() {
    return super.conf()
        .setMaster("local[2]")
        .set("spark.ui.enabled", "false")
        .set("spark.sql.shuffle.partitions", "4")
        .set("spark.speculation", "false");
  }

  @Override
  public boolean enableHiveSupport() {
    return false;
  }

  @BeforeEach
  void startSpark() {
    String wanted = settings(conf());
    SparkContext current = sc();
    if (current != null && (current.isStopped() || !wanted.equals(running))) {
      stopShared();
    }
    runBefore();
    if (!wanted.equals(running)) {
      running = wanted;
      sqlSettings = Map.copyOf(CollectionConverters.asJava(spark().conf().getAll()));
    } else {
      restoreSqlSettings();
    }
  }

  /** Undoes what an earlier class set on the session (the command line sets its own defaults). */
  private void restoreSqlSettings() {
    RuntimeConfig sql = spark().conf();
    for (String key : CollectionConverters.asJava(sql.getAll()).keySet()) {
      if (!sqlSettings.containsKey(key) && sql.isModifiable(key)) {
        sql.unset(key);
      }
    }
    sqlSettings.forEach(
        (key, value) -> {
          if (!value.equals(sql.get(key, null)) && sql.isModifiable(key)) {
            sql.set(key, value);
          }
        });
  }

  /** Stops the shared context, if one runs; the next test class starts a new one. */
  static synchronized void stopShared() {
    if (running != null) {
      runAfterClass();
      running = null;
    }
  }

  /** A context's identity: its settings without the per-class application id and the port. */
  private static String settings(SparkConf conf) {
    return Arrays.stream(conf.getAll())
        .filter(kv -> !kv._1().equals("spark.app.id") && !kv._1().equals("spark.driver.port"))
        .map(kv -> kv._1() + "=" + kv._2())
        .sorted()
        .collect(Collectors.joining("\n"));
  }
}
