package io.sparksdg.stages.curation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparksdg.config.CodeTestsConfig;
import io.sparksdg.config.ConfigException;
import io.sparksdg.config.PreferencesConfig;
import io.sparksdg.records.PairCandidateRecord;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.ResponseRecord;
import io.sparksdg.records.ScoreRecord;
import io.sparksdg.records.ScoredResponse;
import io.sparksdg.stages.prompts.ImportPromptsStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The code-tests judge in the pairing: passing beats failing, whatever the reward model says. */
class CodeTestsPairingTest {

  private static final String PYTHON =
      Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
  private static final String TESTS = "assert add(2, 3) == 5\nassert add(-1, 1) == 0\n";

  private static PromptRecord codePrompt(String tests) {
    return PromptRecord.userTurn(
        "p", "p", ImportPromptsStage.TASK_CODE, "Write `add(a, b)`.", tests, null);
  }

  private static ScoredResponse scored(PromptRecord p, String id, String text, double reward) {
    ResponseRecord r =
        new ResponseRecord(id, p.promptId(), 0, "model-" + id, text, "stop", 1, 1, null, 1, 1);
    ScoreRecord s =
        new ScoreRecord(
            id, p.promptId(), null, null, null, null, null, reward, "rm", "", 0, 0, null, 1, 1);
    return new ScoredResponse(p, r, s);
  }

  private static PairPreferencesStage stage(String strategy) {
    return new PairPreferencesStage(
        new PreferencesConfig(
            0.5,
            null,
            null,
            null,
            strategy,
            5,
            null,
            null,
            null,
            null,
            null,
            new CodeTestsConfig(Duration.ofSeconds(5), null, PYTHON, 2)));
  }

  private static String code(String body) {
    return "Sure.\n```python\ndef add(a, b):\n    " + body + "\n```\n";
  }

  @Test
  void theDefaultOrderTrustsCodeTestsAfterGroundTruth() {
    assertThat(PreferencesConfig.DEFAULT.judges())
        .containsExactly("ground-truth", "code-tests", "verifier", "reward-model");
    assertThat(PreferencesConfig.DEFAULT.codeTests().timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThatThrownBy(() -> new CodeTestsConfig(Duration.ofMillis(10), null, null, null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("preferences.code-tests.timeout");
  }

  @Test
  void appliesToCodePromptsWithTestsOnly() {
    PairPreferencesStage stage = stage("best-vs-worst");
    assertThat(stage.judgeFor(codePrompt(TESTS))).isEqualTo(PairPreferencesStage.JUDGE_CODE_TESTS);
    assertThat(stage.judgeFor(codePrompt(null))).isEqualTo(PairPreferencesStage.JUDGE_REWARD_MODEL);
    // a math prompt's answer key is ground truth, never tests
    PromptRecord math = PromptRecord.userTurn("m", "m", "math", "2+2?", "4", null);
    assertThat(stage.judgeFor(math)).isEqualTo(PairPreferencesStage.JUDGE_GROUND_TRUTH);
  }

  @Test
  void passingBeatsFailingAndTiesSayWhy() {
    PromptRecord p = codePrompt(TESTS);
    List<ScoredResponse> responses =
        List.of(
            scored(p, "r-right", code("return a + b"), 1.0),
            scored(p, "r-wrong", code("return a - b"), 9.0),
            scored(p, "r-crash", code("raise ValueError('no')"), 8.0));
    PairPreferencesStage.Pairing pairing =
        stage("all-pairs").pair(new PairPreferencesStage.Group(p, responses, List.of()));

    assertThat(pairing.preferences())
        .extracting(pr -> pr.chosenResponseId() + ">" + pr.rejectedResponseId())
        .containsExactlyInAnyOrder("r-right>r-wrong", "r-right>r-crash");
    assertThat(pairing.candidates())
        .allMatch(c -> c.judge().equals(PairPreferencesStage.JUDGE_CODE_TESTS));
    PairCandidateRecord tie =
        pairing.candidates().stream().filter(c -> !c.kept()).findFirst().orElseThrow();
    assertThat(tie.dropReason()).isEqualTo("code tests: both fail (error, tests-failed)");
    assertThat(tie.judgeDetail())
        .isEqualTo(
            "chosen: tests-failed: AssertionError at tests.py:1: assert add(2, 3) == 5;"
                + " rejected: error: ValueError: no at tests.py:1: assert add(2, 3) == 5");
    assertThat(pairing.candidates().stream().filter(PairCandidateRecord::kept))
        .allMatch(c -> c.judgeDetail().startsWith("chosen: passed; rejected: "));
  }
}
