package io.sparksdg.spark.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.config.ConfigLoader;
import io.sparksdg.config.SdgConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark settings a run starts with; no Spark session is started. */
class SdgRunnerTest {

  @TempDir Path dir;

  private static SdgConfig config() {
    return new ConfigLoader().load(Path.of("bench/bench.yaml"), List.of());
  }

  @Test
  void theConfigsMasterAppliesWhenNoOtherIsGiven() throws Exception {
    SparkConf conf = SdgRunner.conf(new SparkConf(false), config(), null);

    assertThat(conf.get("spark.master")).isEqualTo("local[2]");
  }

  @Test
  void aMasterOnTheCommandLineBeatsTheConfigs() throws Exception {
    SparkConf ours = SdgRunner.conf(new SparkConf(false), config(), "spark://10.0.0.1:7077");
    SparkConf submitted =
        SdgRunner.conf(
            new SparkConf(false).setMaster("spark://10.0.0.2:7077"), config(), /* master */ null);

    assertThat(ours.get("spark.master")).isEqualTo("spark://10.0.0.1:7077");
    assertThat(submitted.get("spark.master")).isEqualTo("spark://10.0.0.2:7077");
  }

  @Test
  void theJobsSafetySettingsBeatTheConfigs() throws Exception {
    Path file = dir.resolve("speculative.yaml");
    Files.writeString(
        file,
        Files.readString(Path.of("bench/bench.yaml"))
            .replace("spark: {", "spark: {spark.speculation: \"true\", "));
    SdgConfig config = new ConfigLoader().load(file, List.of());
    assertThat(config.spark()).containsEntry("spark.speculation", "true");

    SparkConf conf = SdgRunner.conf(new SparkConf(false), config, "local[1]");

    assertThat(conf.get("spark.speculation")).isEqualTo("false");
    assertThat(conf.get("spark.redaction.regex")).contains("api");
    assertThat(conf.get("spark.master")).isEqualTo("local[1]");
  }

  @Test
  void aJvmWithoutSparksModuleOpeningsIsNamed() {
    // The test JVM is started without --add-opens (pom.xml's argLine), as a plain java command is.
    assertThat(SdgRunner.missingModuleOpens(SdgRunnerTest.class.getModule()))
        .hasValueSatisfying(
            message -> assertThat(message).contains("java.nio").contains("submit/sdg"));
    // java.base's own packages are open to itself.
    assertThat(SdgRunner.missingModuleOpens(Object.class.getModule())).isEmpty();
  }
}
