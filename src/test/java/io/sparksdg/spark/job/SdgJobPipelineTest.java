package io.sparksdg.spark.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.sim.Simulator;
import io.sparksdg.sim.SimulatorOptions;
import io.sparksdg.sim.SimulatorStats;
import io.sparksdg.spark.tables.Tables;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Responses scored and screened as they arrive ({@code run.pipeline}, the default), and a prompt's
 * responses judged pair by pair as soon as the last of them is scored: the reward model, the guard
 * and the LLM judge start while the generator is still answering, the later steps find their work
 * done, and every table equals a run that does one step after the other.
 */
class SdgJobPipelineTest extends SparkTestBase {

  @TempDir Path dir;

  private final List<Long> generatorRequests = new java.util.ArrayList<>();

  @Test
  void scoringWhileGeneratingWritesTheSameTablesAsOneStepAfterTheOther() throws Exception {
    SimulatorOptions slow = SimulatorOptions.defaults().withLatency(Duration.ofMillis(30));
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir, slow)) {
      Path prompts = sim.importPrompts("q", 40, i -> "Pipelined question " + i + "?");
      Path inTurn = dir.resolve("in-turn");
      Path pipelined = dir.resolve("pipelined");

      SimulatorStats[] sequential = run(sim, prompts, inTurn, false);
      SimulatorStats[] overlapped = run(sim, prompts, pipelined, true);

      // one step after the other: the judges' first request comes after the generator's last
      // reply; pipelined, it comes while the generator is still answering (120 responses at 4 in
      // flight and 30 ms each), for the reward model and guard and for the LLM judge alike
      for (int judge = 1; judge <= 2; judge++) {
        assertThat(sequential[judge].firstRequestMillis())
            .isGreaterThan(sequential[0].lastReplyMillis());
        assertThat(overlapped[judge].firstRequestMillis())
            .isLessThan(overlapped[0].lastReplyMillis());
        // the same calls either way: nothing asked twice, nothing left out
        assertThat(overlapped[judge].requests()).isEqualTo(sequential[judge].requests());
      }
      assertThat(generatorRequests.get(1)).isEqualTo(generatorRequests.get(0));
      // every prompt's 3 pairs judged, each asked twice
      long promptCount = RunInvariants.table(spark(), pipelined, Tables.PROMPTS).count();
      long judgements = RunInvariants.table(spark(), pipelined, Tables.JUDGEMENTS).count();
      assertThat(judgements).isEqualTo(3 * promptCount);
      assertThat(overlapped[2].requests()).isEqualTo(2 * judgements);

      RunInvariants.check(spark(), pipelined, 3);
      for (String table :
          List.of(
              Tables.RESPONSES,
              Tables.SCORES,
              Tables.SAFETY,
              Tables.JUDGEMENTS,
              Tables.SFT,
              Tables.PREFERENCES,
              Tables.FAILURES)) {
        assertThat(RunInvariants.content(spark(), pipelined, table, "latency_ms", "attempts"))
            .as(table)
            .isEqualTo(RunInvariants.content(spark(), inTurn, table, "latency_ms", "attempts"));
      }
    }
  }

  /**
   * Runs conf/safety.yaml with the generator on the fixture's simulator, the reward model and guard
   * on a fresh one of their own and an LLM judge deciding for every prompt on a third; returns the
   * three simulators' figures (generator, reward model and guard, LLM judge).
   */
  private SimulatorStats[] run(SimulatedRun sim, Path prompts, Path out, boolean pipeline)
      throws Exception {
    SimulatorStats before = sim.simulator().stats();
    SimulatorOptions options = SimulatorOptions.defaults().withLatency(Duration.ofMillis(30));
    try (Simulator judges = Simulator.start(options);
        Simulator llmJudge = Simulator.start(options)) {
      sim.run(
          sim.config(
              "conf/safety.yaml",
              out,
              "output.report=false",
              "prompts.import=" + prompts,
              "endpoints.generator.max-concurrency=4",
              "endpoints.reward.base-url=" + judges.baseUrl(),
              "endpoints.guard.base-url=" + judges.baseUrl(),
              "endpoints.judge.base-url=" + llmJudge.baseUrl(),
              "endpoints.judge.model=judge-model",
              "endpoints.judge.max-concurrency=4",
              "preferences.judges=[llm-judge, reward-model]",
              "preferences.llm-judge=judge",
              "preferences.max-pairs-per-prompt=1",
              "run.pipeline=" + pipeline));
      SimulatorStats generator = sim.simulator().stats();
      generatorRequests.add(generator.requests() - before.requests());
      return new SimulatorStats[] {generator, judges.stats(), llmJudge.stats()};
    }
  }
}
