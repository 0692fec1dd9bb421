package io.sparksdg.cli;

import io.sparksdg.spark.run.RunReports;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sdg report --out DIR}: writes the run report of an existing output root again. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExample:%n",
    footer = "  sdg report --out work-out/local",
    description =
        "Write the run report (_report/index.html and report.json) of an existing output root.")
final class ReportCommand implements Callable<Integer> {

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "The output root of a run.")
  String out;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master; default local[*].")
  String master;

  @Override
  public Integer call() {
    System.out.println("Wrote " + RunReports.regenerate(out, master));
    return ExitCode.OK;
  }
}
