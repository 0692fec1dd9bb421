package io.sparksdg.spark.job;

import io.sparksdg.config.ConfigLoader;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.model.http.HttpModelClients;
import io.sparksdg.sim.Faults;
import io.sparksdg.sim.Simulator;
import io.sparksdg.sim.SimulatorOptions;
import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.run.RunSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A run of the job against the built-in simulator over real HTTP, for the Spark tests: it starts
 * the simulator, writes imported-prompt files, loads a config from {@code conf/} with every
 * endpoint pointed at the simulator and the output under a temporary directory, runs {@link SdgJob}
 * (or hands out a started {@link RunContext} for one step at a time), and reads tables back.
 * Closing it stops the simulator and the monitors of the contexts it started.
 */
public final class SimulatedRun implements AutoCloseable {

  private final SparkSession spark;
  private final Path dir;
  private final Simulator sim;
  private final List<RunContext> contexts = new ArrayList<>();

  private SimulatedRun(SparkSession spark, Path dir, Simulator sim) {
    this.spark = spark;
    this.dir = dir;
    this.sim = sim;
  }

  /** A simulator with its defaults; outputs go under {@code dir}. */
  public static SimulatedRun start(SparkSession spark, Path dir) {
    return start(spark, dir, SimulatorOptions.defaults());
  }

  /**
   * A simulator with {@code options}; outputs go under {@code dir}. The HTTP clients' shared
   * counters start again from zero, so that a test reads only its own run's.
   */
  public static SimulatedRun start(SparkSession spark, Path dir, SimulatorOptions options) {
    HttpModelClients.resetForTests();
    return new SimulatedRun(spark, dir, Simulator.start(options));
  }

  /** A simulator injecting {@code faults}, its content and faults varied by {@code seed}. */
  public static SimulatedRun start(SparkSession spark, Path dir, Faults faults, long seed) {
    return start(spark, dir, SimulatorOptions.defaults().withFaults(faults).withSeed(seed));
  }

  public Simulator simulator() {
    return sim;
  }

  /** HTTP requests the simulator has answered so far. */
  public long requests() {
    return sim.stats().requests();
  }

  /** The default output root, {@code <dir>/out}. */
  public Path out() {
    return dir.resolve("out");
  }

  /** One imported-prompt line, {@code {"id": ..., "prompt": ...}}. */
  public static String promptLine(String id, String prompt) {
    return "{\"id\": \"" + id + "\", \"prompt\": \"" + prompt + "\"}";
  }

  /**
   * Writes {@code <dir>/prompts.jsonl}: prompts {@code <prefix>1} to {@code <prefix><count>} with
   * {@code text.apply(i)} as their text, then {@code extraLines} as they are.
   */
  public Path importPrompts(
      String prefix, int count, IntFunction<String> text, String... extraLines) {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      lines.add(promptLine(prefix + i, text.apply(i)));
    }
    lines.addAll(List.of(extraLines));
    try {
      return Files.write(dir.resolve("prompts.jsonl"), lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code file} with every endpoint at the simulator, {@code overrides}, output in {@link #out}.
   */
  public SdgConfig config(String file, String... overrides) {
    return config(file, out(), overrides);
  }

  /**
   * {@code file} with every endpoint at the simulator, {@code overrides}, output in {@code out}.
   */
  public SdgConfig config(String file, Path out, String... overrides) {
    return new ConfigLoader()
        .load(Path.of(file), overrides(file, overrides))
        .withOutputRoot(out.toString());
  }

  /**
   * The command line that runs {@code file} against the simulator: {@code <command> --config file
   * --out out}, then a {@code --set} for each endpoint's base URL and for each of {@code
   * overrides}.
   */
  public List<String> commandLine(String command, String file, Path out, String... overrides) {
    List<String> args =
        new ArrayList<>(List.of(command, "--config", file, "--out", out.toString()));
    for (String set : overrides(file, overrides)) {
      args.add("--set");
      args.add(set);
    }
    return args;
  }

  /** The base URL of every endpoint {@code file} defines, then {@code overrides}. */
  private List<String> overrides(String file, String... overrides) {
    List<String> all = new ArrayList<>();
    for (String endpoint :
        new ConfigLoader().load(Path.of(file), List.of(overrides)).endpoints().keySet()) {
      all.add("endpoints." + endpoint + ".base-url=" + sim.baseUrl());
    }
    all.addAll(List.of(overrides));
    return all;
  }

  /** Runs the whole job. */
  public RunSummary run(SdgConfig config) {
    return new SdgJob(spark, config).run();
  }

  /** A run context of {@code config}, started (its output root claimed, its monitor running). */
  public RunContext context(SdgConfig config) {
    RunContext run = new RunContext(spark, config);
    run.start();
    contexts.add(run);
    return run;
  }

  /** A table of the default output root. */
  public Dataset<Row> table(String name) {
    return table(out(), name);
  }

  public Dataset<Row> table(Path out, String name) {
    return spark.read().parquet(out.resolve(name).toString());
  }

  @Override
  public void close() {
    contexts.forEach(c -> c.monitor().close());
    sim.close();
  }
}
