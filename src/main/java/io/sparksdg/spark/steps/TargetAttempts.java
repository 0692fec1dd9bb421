package io.sparksdg.spark.steps;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.sparksdg.spark.exec.WorkItems;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.responses.GenerateResponsesStage;
import io.sparksdg.stages.responses.GeneratorChoice;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * The first {@code total} attempts of a target, as response work items. The {@code P} prompts are
 * ranked by a hash of their id and the run seed ({@link QuotaCut#rank}). When an attempt is a
 * response ({@link #responses}), attempt {@code a} is sample {@code a / P} of the prompt ranked
 * {@code a mod P}: attempts go round the prompts before a prompt gets another sample. When an
 * attempt is a prompt ({@link #prompts}), attempt {@code a} is the prompt ranked {@code a + 1} with
 * all its {@code K} samples. Each sample has the id {@code responses} gives that prompt and sample
 * index, so the first {@code n} attempts are the same work on every run and a larger total only
 * adds work.
 */
public final class TargetAttempts {

  private static final String RANK = "_attempt_rank";
  private static final String GROUP = "_attempt_group";

  private final long total;
  private final long pool;
  private final long seed;
  // samples of each prompt attempted when an attempt is a prompt; 0 when it is a response
  private final int perPrompt;

  private TargetAttempts(long total, long pool, long seed, int perPrompt) {
    this.total = total;
    this.pool = pool;
    this.seed = seed;
    this.perPrompt = perPrompt;
  }

  /**
   * Attempts that are responses, going round the prompts.
   *
   * @param total attempts so far, this round's included
   * @param pool the prompts the attempts go round
   */
  public static TargetAttempts responses(long total, long pool, long seed) {
    return new TargetAttempts(total, pool, seed, 0);
  }

  /**
   * Attempts that are prompts, each answered {@code perPrompt} times.
   *
   * @param total prompts attempted so far, this round's included
   * @param pool the prompts there are
   */
  public static TargetAttempts prompts(long total, long pool, int perPrompt, long seed) {
    if (perPrompt < 1) {
      throw new IllegalArgumentException("perPrompt must be positive, got " + perPrompt);
    }
    return new TargetAttempts(total, pool, seed, perPrompt);
  }

  /** Whether an attempt is a prompt with all its {@code responses.per-prompt} samples. */
  boolean wholePrompts() {
    return perPrompt > 0;
  }

  /** Samples of attempt {@code 0..total-1} of the prompts, as {@link WorkItems#SAMPLES} rows. */
  Dataset<Row> samples(
      Dataset<Row> prompts, GeneratorChoice choice, Map<String, GenerateResponsesStage> stages) {
    Dataset<Row> ranked =
        QuotaCut.rank(
            prompts.withColumn(GROUP, lit(0)), RANK, List.of(GROUP), "prompt_id", lit(seed));
    return ranked.flatMap(
        new Samples(choice, stages, total, pool, perPrompt), Encoders.row(WorkItems.SAMPLES));
  }

  /**
   * The rows of {@code responses} that answer one of the first {@code total} attempts over {@code
   * prompts}: not those a killed run's later round left committed, nor those of other prompts.
   */
  public Dataset<Row> within(Dataset<Row> responses, Dataset<Row> prompts) {
    Dataset<Row> ranked =
        QuotaCut.rank(
                prompts.select(col("prompt_id").as("_attempt_prompt")).withColumn(GROUP, lit(0)),
                RANK,
                List.of(GROUP),
                "_attempt_prompt",
                lit(seed))
            .withColumn("_attempt_samples", samplesOf(col(RANK)));
    return responses
        .join(ranked, col("prompt_id").equalTo(col("_attempt_prompt")))
        .where(col("sample_index").lt(col("_attempt_samples")))
        .select(responses.columns()[0], tail(responses.columns()));
  }

  /** {@link #samplesOf(long, long, long, int)} as a column, of the rank column. */
  private Column samplesOf(Column rank) {
    if (perPrompt > 0) {
      return when(rank.leq(total), lit(perPrompt)).otherwise(0);
    }
    return when(rank.minus(1).lt(total), floor(lit(total).minus(rank).plus(pool).divide(pool)))
        .otherwise(0);
  }

  private static String[] tail(String[] columns) {
    return java.util.Arrays.copyOfRange(columns, 1, columns.length);
  }

  /** Samples a prompt of rank {@code k} (from 1) gets of {@code total} attempts over the pool. */
  static long samplesOf(long rank, long total, long pool) {
    long k = rank - 1;
    return k >= total ? 0 : (total - k + pool - 1) / pool;
  }

  /**
   * Samples a prompt of rank {@code k} (from 1) gets of {@code total} attempts over the pool: as
   * {@link #samplesOf(long, long, long)} when {@code perPrompt} is 0 (an attempt is a response),
   * else {@code perPrompt} for the first {@code total} ranks and none for the others.
   */
  static long samplesOf(long rank, long total, long pool, int perPrompt) {
    if (perPrompt > 0) {
      return rank <= total ? perPrompt : 0;
    }
    return samplesOf(rank, total, pool);
  }

  /** A ranked prompt row to its samples among the first {@code total} attempts. */
  private static final class Samples implements FlatMapFunction<Row, Row> {
    private final GeneratorChoice choice;
    private final Map<String, GenerateResponsesStage> stages;
    private final long total;
    private final long pool;
    private final int perPrompt;

    Samples(
        GeneratorChoice choice,
        Map<String, GenerateResponsesStage> stages,
        long total,
        long pool,
        int perPrompt) {
      this.choice = choice;
      this.stages = Map.copyOf(stages);
      this.total = total;
      this.pool = pool;
      this.perPrompt = perPrompt;
    }

    @Override
    public Iterator<Row> call(Row row) {
      long n = samplesOf(row.<Integer>getAs(RANK), total, pool, perPrompt);
      return WorkItems.Samples.of(choice, stages, Tables.PROMPT.fromRow(row), n).iterator();
    }
  }
}
