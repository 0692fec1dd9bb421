package io.sparksdg.spark.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.spark.tables.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python family with its tests-writing call and imported code prompts with tests
 * (data-samples/code.jsonl) against the simulator, whose answers to code prompts are sometimes
 * right and sometimes not: the {@code code-tests} judge decides both kinds' pairs, the passing
 * response chosen, and records why two responses made no pair.
 */
class SdgJobCodeTestsTest extends SparkTestBase {

  private static final String PYTHON =
      Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

  @TempDir Path dir;

  @Test
  void codeTestsDecideTheCodePromptsPairs() {
    try (SimulatedRun sim = SimulatedRun.start(spark(), dir)) {
      sim.run(
          sim.config(
              "conf/local.yaml",
              "output.report=false",
              "prompts.topics=1",
              "prompts.questions-per-topic=1",
              "prompts.families.python.enabled=true",
              "prompts.families.python.keywords=[recursion]",
              "prompts.families.python.levels=[beginner]",
              "prompts.families.python.per-keyword=2",
              "prompts.families.python.tests=true",
              "prompts.extra-imports=[data-samples/code.jsonl]",
              "responses.per-prompt=4",
              "preferences.strategy=all-pairs",
              "preferences.max-pairs-per-prompt=6",
              "preferences.code-tests.python=" + PYTHON,
              "preferences.code-tests.timeout=5s"));

      Map<String, String> taskOf = new HashMap<>();
      for (Row p :
          sim.table(Tables.PROMPTS).select("prompt_id", "task", "answer_key").collectAsList()) {
        String task = p.getAs("task");
        taskOf.put(p.getAs("prompt_id"), task);
        if (task.equals("python")) { // the generator named the function and wrote its tests
          assertThat(p.<String>getAs("answer_key")).startsWith("assert solve([1, 2, 3]) == 6\n");
        }
      }
      assertThat(taskOf.values()).contains("code", "python");
      Map<String, String> textOf = new HashMap<>();
      for (Row r : sim.table(Tables.RESPONSES).select("response_id", "text").collectAsList()) {
        textOf.put(r.getAs("response_id"), r.getAs("text"));
      }

      List<Row> candidates = sim.table(Tables.PAIR_CANDIDATES).collectAsList();
      Map<String, Set<String>> judgesByTask = new HashMap<>();
      int kept = 0;
      int ties = 0;
      for (Row c : candidates) {
        String task = taskOf.get(c.<String>getAs("prompt_id"));
        if (!"code".equals(task) && !"python".equals(task)) {
          continue;
        }
        judgesByTask.computeIfAbsent(task, t -> new HashSet<>()).add(c.getAs("judge"));
        if (c.<Boolean>getAs("kept")) {
          kept++;
          assertThat(c.<String>getAs("judge_detail")).startsWith("chosen: passed; rejected: ");
          // the chosen response's code sums correctly, the rejected one's does not
          assertThat(textOf.get(c.<String>getAs("chosen_response_id"))).contains("total += x");
          assertThat(textOf.get(c.<String>getAs("rejected_response_id")))
              .doesNotContain("total += x");
        } else if (c.<String>getAs("drop_reason").startsWith("code tests: both")) {
          ties++;
        }
      }
      assertThat(judgesByTask)
          .containsEntry("code", Set.of("code_tests"))
          .containsEntry("python", Set.of("code_tests"));
      assertThat(kept).isPositive();
      assertThat(ties).isPositive();
      assertThat(
              sim.table(Tables.PREFERENCES)
                  .filter("judge = 'code_tests'")
                  .select("prompt_id")
                  .distinct()
                  .count())
          .isPositive();
    }
  }
}
