package io.sparksdg.spark.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.config.SdgConfig;
import io.sparksdg.records.FailureRecord;
import io.sparksdg.records.Outcome;
import io.sparksdg.spark.exec.OutcomeLog;
import io.sparksdg.spark.exec.OutcomeLogs;
import io.sparksdg.spark.tables.Outcomes;
import io.sparksdg.spark.tables.Tables;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outcome log and a whole run on HDFS (Hadoop's in-process MiniDFSCluster: a NameNode and a
 * DataNode in this JVM): files are written aside and renamed, committed files are listed, and a run
 * writes its tables there and resumes from what it committed without asking again.
 */
class SdgJobOnHdfsTest extends SparkTestBase {

  private static MiniDFSCluster hdfs;
  private static String root;

  @TempDir Path dir;

  @BeforeAll
  static void startHdfs(@TempDir Path base) throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("hdfs").toString());
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();
    root = "hdfs://localhost:" + hdfs.getNameNodePort();
  }

  @AfterAll
  static void stopHdfs() {
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  @Test
  void theOutcomeLogCommitsWholeFilesOnHdfs() throws Exception {
    Configuration conf = hdfs.getConfiguration(0);
    OutcomeLog log = new OutcomeLog(root + "/logs/responses", "launch01", 600_000, 2, conf);
    FailureRecord failure =
        new FailureRecord("r1", "p1", "responses", "timeout", 0, 3, "Timed out", null);
    Row row = Outcomes.toRow("w1", new Outcome.Failed<FailureRecord>(failure), Tables.FAILURE);

    OutcomeLogs.appendAndClose(log, List.of(row, row, row));

    List<org.apache.hadoop.fs.Path> files = OutcomeLog.committed(log.files(), conf);
    assertThat(files).hasSize(2);
    assertThat(files.get(0).toUri().getScheme()).isEqualTo("hdfs");
    FileSystem fs = log.files().getFileSystem(conf);
    assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(log.files(), "_tmp"))).isEmpty();
    assertThat(
            spark()
                .read()
                .json(files.stream().map(Object::toString).toArray(String[]::new))
                .where("failure.error_class = 'timeout'")
                .count())
        .isEqualTo(3);
  }

  @Test
  void aRunWritesItsTablesToHdfsAndResumesFromThem() throws Exception {
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir)) {
      Path prompts = sim.importPrompts("h", 10, i -> "HDFS question " + i + "?");
      SdgConfig config =
          sim.config("conf/local.yaml", "output.report=false", "prompts.import=" + prompts)
              .withOutputRoot(root + "/sdg/run1");

      sim.run(config);
      long requests = sim.requests();
      assertThat(requests).isEqualTo(40); // 20 responses, each scored
      String out = root + "/sdg/run1/";
      assertThat(spark().read().parquet(out + Tables.RESPONSES).count()).isEqualTo(20);
      assertThat(spark().read().parquet(out + Tables.SCORES).count()).isEqualTo(20);
      // the logs were compacted into the steps' Parquet folders
      Configuration conf = spark().sparkContext().hadoopConfiguration();
      assertThat(
              OutcomeLog.committed(
                  new org.apache.hadoop.fs.Path(out + "_staging/responses/log"), conf))
          .isEmpty();

      sim.run(config);
      assertThat(sim.requests()).as("a re-run asks for nothing again").isEqualTo(requests);
      assertThat(spark().read().parquet(out + Tables.RESPONSES).count()).isEqualTo(20);
    }
  }
}
