package io.sparksdg.cli;

import io.sparksdg.config.SdgConfig;
import io.sparksdg.spark.job.SdgRunner;
import io.sparksdg.spark.steps.Review;
import io.sparksdg.stages.curation.ReviewVerdict;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sdg review export|import}: the human review loop around an output root. The next {@code
 * sdg run} of the same config and root applies the imported verdicts.
 */
@Command(
    name = "review",
    mixinStandardHelpOptions = true,
    description = "Export a sample for human review, or import reviewers' verdicts.",
    synopsisSubcommandLabel = "(export | import)",
    footerHeading = "%nExamples:%n",
    footer = {
      "  sdg review export --config conf/local.yaml --out work-out/local --size 50",
      "  sdg review import work-out/local/_review/sample.jsonl --config conf/local.yaml \\",
      "      --out work-out/local"
    },
    subcommands = {ReviewCommand.Export.class, ReviewCommand.Import.class})
final class ReviewCommand implements Callable<Integer> {

  /** How many unknown ids are listed one per line before the rest are only counted. */
  private static final int LISTED = 20;

  @Override
  public Integer call() {
    System.err.println(
        "sdg: review needs a subcommand: export or import (see 'sdg review --help')");
    return ExitCode.CONFIG;
  }

  /** Options of both subcommands: the config and the output root it wrote. */
  static class RootOptions extends Main.ConfigOptions {
    @Option(
        names = "--out",
        paramLabel = "DIR",
        description = "Output root of the run (overrides output.root).")
    String out;

    SdgConfig config() {
      SdgConfig config = load();
      return out == null ? config : config.withOutputRoot(out);
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      footerHeading = "%nExample:%n",
      footer = "  sdg review export --config conf/local.yaml --out work-out/local --size 50",
      description =
          "Write a sample of pairs and SFT rows, stratified by family, judge and score band, as"
              + " JSONL for annotators.")
  static final class Export extends RootOptions implements Callable<Integer> {
    @Option(
        names = "--file",
        paramLabel = "FILE",
        description = "Where to write the JSONL (default: OUT/_review/sample.jsonl).")
    String file;

    @Option(
        names = "--size",
        paramLabel = "N",
        description = "Items in the sample (default: ${DEFAULT-VALUE}).")
    int size = 100;

    @Override
    public Integer call() {
      Review.checkSize(size);
      SdgConfig config = config();
      Review.Exported e =
          SdgRunner.withSession(config, spark -> Review.export(spark, config, file, size));
      System.out.printf(
          "Wrote %d items (%s) from %d strata to %s: fill in \"verdict\" (keep, drop, swap) and"
              + " \"corrected_scores\", then run 'sdg review import'%n",
          e.items().values().stream().mapToLong(Long::longValue).sum(),
          e.items(),
          e.strata(),
          e.file());
      return ExitCode.OK;
    }
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      footerHeading = "%nExample:%n",
      footer = {
        "  sdg review import annotated.jsonl --config conf/local.yaml --out work-out/local"
      },
      description =
          "Store reviewers' verdicts under the output root; the next run applies them (keep, drop,"
              + " swap, corrected scores).")
  static final class Import extends RootOptions implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The annotated JSONL.")
    String file;

    @Override
    public Integer call() {
      SdgConfig config = config();
      Review.checkImport(config, file); // a bad file fails before Spark starts
      Review.Imported r =
          SdgRunner.withSession(config, spark -> Review.importVerdicts(spark, config, file));
      List<ReviewVerdict> unknown = r.unknown();
      for (ReviewVerdict v : unknown.subList(0, Math.min(LISTED, unknown.size()))) {
        System.err.printf(
            "sdg: review: %s %s names nothing in this output root; not stored%n", v.kind(), v.id());
      }
      if (unknown.size() > LISTED) {
        System.err.printf("sdg: review: ... and %d more unknown ids%n", unknown.size() - LISTED);
      }
      if (!unknown.isEmpty()) {
        System.err.printf(
            "sdg: review: %d of %d verdicts name ids that do not exist (another run's file?)%n",
            unknown.size(), unknown.size() + r.stored());
      }
      System.out.printf(
          "Stored %d verdicts in %s (%d in all; %d lines without a verdict skipped); the next 'sdg"
              + " run' applies them%n",
          r.stored(), r.file(), r.total(), r.unreviewed());
      return r.stored() == 0 && !unknown.isEmpty() ? ExitCode.CONFIG : ExitCode.OK;
    }
  }
}
