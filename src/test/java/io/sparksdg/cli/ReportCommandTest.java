package io.sparksdg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sdg report} on a folder that holds no run ends in one line and exit code 2. */
class ReportCommandTest {

  @TempDir Path dir;

  @Test
  void aFolderWithoutARunIsAConfigError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.execute("report", "--out", dir.toString());
    } finally {
      System.setErr(original);
    }
    assertThat(code).isEqualTo(ExitCode.CONFIG);
    assertThat(err.toString(StandardCharsets.UTF_8).strip())
        .isEqualTo(
            "sdg: No run under " + dir + ": pass the --out DIR of a run (it holds _run.json)");
  }

  @Test
  void outIsRequired() {
    assertThat(Main.execute("report")).isEqualTo(ExitCode.CONFIG);
  }
}
