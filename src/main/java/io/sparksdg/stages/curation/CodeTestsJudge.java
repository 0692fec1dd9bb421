package io.sparksdg.stages.curation;

import io.sparksdg.config.CodeTestsConfig;
import io.sparksdg.judge.code.CodeSandbox;
import io.sparksdg.judge.code.CodeVerdict;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.ScoredResponse;
import io.sparksdg.stages.prompts.ImportPromptsStage;
import io.sparksdg.stages.prompts.KeywordProblemsStage;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The {@code code-tests} judge: for a code prompt (task {@code python}, or {@code code} for an
 * imported one) whose {@code answer_key} holds its tests, each response's Python code is run
 * against them in a {@link CodeSandbox} (a subprocess of the executor, never this JVM), and a
 * response that passes beats one that does not. Both passing or both failing is no difference.
 * Verdicts are kept per response id for the candidates' reasons and details.
 */
final class CodeTestsJudge implements Serializable {

  private static final int REMEMBERED = 1024;

  private final CodeTestsConfig config;
  private transient Map<String, CodeVerdict> verdicts;

  CodeTestsJudge(CodeTestsConfig config) {
    this.config = config;
  }

  /** Whether the prompt asks for code. */
  static boolean isCode(PromptRecord prompt) {
    return KeywordProblemsStage.PYTHON.equals(prompt.task())
        || ImportPromptsStage.TASK_CODE.equals(prompt.task());
  }

  /** The tests of a code prompt, or empty: this judge applies only to prompts that carry them. */
  static Optional<String> tests(PromptRecord prompt) {
    String key = prompt.answerKey();
    return isCode(prompt) && key != null && !key.isBlank() ? Optional.of(key) : Optional.empty();
  }

  /** The response's verdict, run once per response id. */
  synchronized CodeVerdict verdict(PromptRecord prompt, ScoredResponse response) {
    if (verdicts == null) {
      verdicts =
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CodeVerdict> eldest) {
              return size() > REMEMBERED;
            }
          };
    }
    String id = response.response().responseId();
    CodeVerdict v = verdicts.get(id);
    if (v == null) {
      v = new CodeSandbox(config).judge(response.response().text(), tests(prompt).orElse(null));
      verdicts.put(id, v);
    }
    return v;
  }

  /**
   * Why two responses the judge cannot tell apart make no pair, with their verdicts' reasons (the
   * details go to {@link #detail}, so that one kind of drop reads the same everywhere).
   */
  String noDifference(PromptRecord prompt, ScoredResponse chosen, ScoredResponse rejected) {
    CodeVerdict c = verdict(prompt, chosen);
    CodeVerdict r = verdict(prompt, rejected);
    if (c.passed()) {
      return "code tests: both pass";
    }
    return "code tests: both fail ("
        + String.join(", ", new TreeSet<>(List.of(c.reason(), r.reason())))
        + ")";
  }

  /** Both responses' verdicts, for {@code pair_candidates.judge_detail}. */
  String detail(PromptRecord prompt, ScoredResponse chosen, ScoredResponse rejected) {
    return "chosen: "
        + verdict(prompt, chosen).summary()
        + "; rejected: "
        + verdict(prompt, rejected).summary();
  }
}
