package io.sparksdg.cli;

import io.sparksdg.config.ConfigException;
import io.sparksdg.config.ConfigLoader;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.spark.job.SdgRunner;
import io.sparksdg.spark.run.RunSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The entry point of {@code submit/sdg} and of {@code spark-submit}. */
@Command(
    name = "sdg",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Synthetic alignment data (the Nemotron-4 340B recipe) on Apache Spark.",
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    footerHeading = "%n",
    footer = {
      "Each command lists its options with 'sdg COMMAND --help' (or 'sdg help COMMAND').",
      "The model-server simulator: 'sdg simulate --help'.",
      "",
      "Examples:",
      "  sdg run --config conf/local.yaml --out work-out/local",
      "  sdg plan --config conf/judges.yaml",
      "  sdg validate --config conf/local.yaml \\",
      "      --set endpoints.reward.base-url=http://host:8001/v1",
      "",
      "Exit codes: 0 ok; 1 other failure; 2 config or command line wrong;",
      "3 endpoint unreachable; 4 failures over run.error-budget; 5 run.max-budget",
      "spent (see src/site/markdown/operations.md)."
    },
    subcommands = {
      Main.Run.class,
      Main.Validate.class,
      Main.Plan.class,
      ReviewCommand.class,
      ReportCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** {@code sdg --version}: the version the jar was built as. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"spark-sdg " + (v == null ? "(development build)" : v)};
    }
  }

  /** Every command answers {@code --version} as the top one does. */
  private static void withVersion(CommandLine cli) {
    cli.getCommandSpec().versionProvider(new Version());
    cli.getSubcommands().values().forEach(Main::withVersion);
  }

  /** {@code sdg} with no command: the usage on stderr, as for any other command-line mistake. */
  @Override
  public Integer call() {
    System.err.println("sdg: no command given");
    new CommandLine(this).usage(System.err);
    return ExitCode.CONFIG;
  }

  /** Runs a command line and returns its exit code; for tests, which must not exit the JVM. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    withVersion(cli);
    cli.setParameterExceptionHandler(
        (e, a) -> {
          System.err.println(
              "sdg: "
                  + e.getMessage()
                  + " (see 'sdg "
                  + (e.getCommandLine().getParent() == null
                      ? ""
                      : e.getCommandLine().getCommandSpec().qualifiedName(" ").substring(4) + " ")
                  + "--help')");
          return ExitCode.CONFIG;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof ConfigException) {
            System.err.println("sdg: " + e.getMessage());
            return ExitCode.CONFIG;
          }
          if (e instanceof io.sparksdg.spark.run.BudgetSpentException) {
            System.err.println("sdg: run stopped: " + e.getMessage());
            return ExitCode.MAX_BUDGET_SPENT;
          }
          if (e instanceof SdgRunner.EndpointFailingException) {
            System.err.println("sdg: run stopped: " + e.getMessage());
            return ExitCode.UNREACHABLE;
          }
          LOG.error("Run failed", e);
          System.err.println("sdg: run failed: " + e);
          return ExitCode.FAILURE;
        });
    return cli.execute(args);
  }

  /** Options shared by run and validate. */
  static class ConfigOptions {
    @Option(
        names = "--config",
        required = true,
        paramLabel = "FILE",
        description = "The YAML config.")
    Path config;

    @Option(
        names = "--set",
        paramLabel = "KEY=VALUE",
        description = "Override a config key, e.g. --set responses.per-prompt=4 (repeatable).")
    List<String> overrides = new ArrayList<>();

    SdgConfig load() {
      return new ConfigLoader().load(config, overrides);
    }
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description =
          "Run the pipeline: every stage of the config, writing its tables, exports and run report"
              + " under the output root. A re-run with the same config and output root resumes.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  sdg run --config conf/local.yaml --out work-out/local",
        "  sdg run --config conf/local.yaml --out /data/sdg/run1 \\",
        "      --set endpoints.generator.base-url=http://localhost:8000/v1 \\",
        "      --set endpoints.generator.model=meta/llama-3.1-8b-instruct",
        "",
        "Exit codes: 0 ok; 1 other failure; 2 config or command line wrong;",
        "3 endpoint unreachable; 4 failures over run.error-budget; 5 run.max-budget",
        "spent."
      })
  static final class Run extends ConfigOptions implements Callable<Integer> {
    @Option(
        names = "--out",
        paramLabel = "DIR",
        description = "Output root (overrides output.root).")
    String out;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master; default local[*].")
    String master;

    @Override
    public Integer call() {
      SdgConfig config = load();
      if (out != null) {
        config = config.withOutputRoot(out);
      }
      if (config.output().root() == null) {
        throw new ConfigException("No output root: pass --out DIR or set output.root");
      }
      OutputRoot.check(config.output().root(), out != null ? "--out" : "output.root");
      Preflight.keys(config);
      List<String> unreachable = Preflight.unreachable(config);
      if (!unreachable.isEmpty()) {
        unreachable.forEach(line -> System.err.println("sdg: " + line));
        return ExitCode.UNREACHABLE;
      }
      RunSummary summary = SdgRunner.run(config, master);
      System.out.println(describe(summary, config));
      if (!summary.withinBudget()) {
        System.err.print(failed(summary, config.output().root()));
        return ExitCode.BUDGET_EXCEEDED;
      }
      return ExitCode.OK;
    }

    /**
     * The run's last line: rows per table, then where its report and exports are. E.g. {@code Run
     * 20261204T101310Z-1a2b3c wrote /tmp/x: topics=6 ... (failure share 0.00%); report
     * /tmp/x/_report/index.html; exports /tmp/x/exports/}.
     */
    static String describe(RunSummary s, SdgConfig config) {
      String root = config.output().root();
      root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
      StringBuilder b = new StringBuilder();
      b.append(s.runId() == null ? "Wrote " : "Run " + s.runId() + " wrote ").append(root);
      b.append(':');
      s.rows().forEach((table, count) -> b.append(' ').append(table).append('=').append(count));
      b.append(
          String.format(java.util.Locale.ROOT, " (failure share %.2f%%)", 100 * s.failureShare()));
      if (config.output().report()) {
        b.append("; report ").append(root).append("/_report/index.html");
      }
      if (config.exports().enabled()) {
        b.append("; exports ").append(root).append("/exports/");
      }
      return b.toString();
    }

    /** What a run over its error budget prints on stderr: the share, the top causes, where next. */
    static String failed(RunSummary s, String root) {
      StringBuilder b = new StringBuilder();
      b.append(
          String.format(
              java.util.Locale.ROOT,
              "sdg: %d of %d records failed (%.1f%%), over run.error-budget=%s%s%n",
              s.failures(),
              s.workItems(),
              100 * s.failureShare(),
              s.errorBudget(),
              s.causes().isEmpty() ? "" : "; top causes:"));
      for (RunSummary.Cause c : s.causes()) {
        b.append(
            String.format(
                java.util.Locale.ROOT,
                "sdg:   %d x %s %s: %s%n",
                c.count(),
                c.stage(),
                c.errorClass(),
                c.message()));
      }
      b.append("sdg: every failed record is in ")
          .append(root)
          .append("/failures; a re-run resumes and retries the failures a re-run may fix")
          .append(System.lineSeparator());
      return b.toString();
    }
  }

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description =
          "Check a config, that its endpoints are reachable and serve their models, and that a"
              + " reward endpoint answers in the expected shape.",
      footerHeading = "%nExample:%n",
      footer = {
        "  sdg validate --config conf/local.yaml \\",
        "      --set endpoints.reward.base-url=http://localhost:8001/v1",
        "",
        "Exit codes: 0 valid and reachable; 2 config wrong; 3 an endpoint unreachable",
        "or not serving its model."
      })
  static final class Validate extends ConfigOptions implements Callable<Integer> {
    @Override
    public Integer call() {
      SdgConfig config = load();
      Preflight.keys(config);
      List<String> unreachable = Preflight.unreachable(config);
      if (!unreachable.isEmpty()) {
        unreachable.forEach(line -> System.err.println("sdg: " + line));
        return ExitCode.UNREACHABLE;
      }
      List<String> notes = new ArrayList<>();
      List<String> problems = Preflight.probe(config, notes);
      notes.forEach(System.out::println);
      if (!problems.isEmpty()) {
        problems.forEach(line -> System.err.println("sdg: " + line));
        return ExitCode.UNREACHABLE;
      }
      System.out.println(
          "Config "
              + this.config
              + " is valid; endpoints: "
              + String.join(", ", config.endpoints().keySet()));
      return ExitCode.OK;
    }
  }

  @Command(
      name = "plan",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description =
          "Print the requests, tokens and cost each stage will need, without calling any model.",
      footerHeading = "%nExample:%n",
      footer = {
        "  sdg plan --config conf/local.yaml \\",
        "      --set endpoints.generator.price.input-per-mtok=0.5 \\",
        "      --set endpoints.generator.price.output-per-mtok=1.5"
      })
  static final class Plan extends ConfigOptions implements Callable<Integer> {
    @Override
    public Integer call() {
      SdgConfig config = load();
      io.sparksdg.ops.RunPlan plan = io.sparksdg.ops.RunPlan.of(config);
      System.out.print(plan.table());
      Double budget = config.run().maxBudget();
      if (budget != null && plan.totalCostUsd() > budget) {
        System.out.printf(
            java.util.Locale.ROOT,
            "The estimate ($%.4f) is over run.max-budget ($%.4f): the run would stop early.%n",
            plan.totalCostUsd(),
            budget);
      }
      return ExitCode.OK;
    }
  }
}
