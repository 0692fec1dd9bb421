package io.sparksdg.spark.job;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The Spark test classes' session, started through spark-testing-base from JUnit 5 hooks: {@code
 * local[2]}, no UI, 4 shuffle partitions, no speculation, without Hive (which runs never have). A
 * class that needs other settings overrides {@link #conf()}. Each class stops its context at the
 * end, so that code which builds its own session (the command line) never finds one.
 */
public abstract class SparkTestBase extends JavaDataFrameSuiteBase {

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
    runBefore();
  }

  @AfterAll
  static void stopSpark() {
    runAfterClass();
  }
}
