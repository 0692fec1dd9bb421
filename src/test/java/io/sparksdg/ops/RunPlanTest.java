package io.sparksdg.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sparksdg.config.ConfigException;
import io.sparksdg.config.ConfigLoader;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.prompts.PromptTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunPlanTest {

  @TempDir Path dir;

  private static final String ENDPOINTS =
      """
      endpoints:
        generator:
          base-url: http://127.0.0.1:9
          model: g
          max-tokens: 400
          price: {input-per-mtok: 0.5, output-per-mtok: 1.5}
        reward:
          base-url: http://127.0.0.1:9
          model: r
          kind: nemotron-reward
          price: {input-per-mtok: 2.0}
      """;

  private static SdgConfig config(String yaml, String... overrides) {
    return new ConfigLoader().parse(ENDPOINTS + yaml, "test.yaml", List.of(overrides));
  }

  private static long template(String id) {
    return RunPlan.tokens(PromptTemplate.builtIn(id).text()) + 8;
  }

  private static RunPlan.Line line(RunPlan plan, String stage, String endpoint) {
    return plan.lines().stream()
        .filter(l -> l.stage().equals(stage) && l.endpoint().equals(endpoint))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line " + stage + "/" + endpoint));
  }

  @Test
  void aBatchModeEndpointIsPlannedAtTheBatchPrice() {
    String yaml = "prompts: {topics: 3, questions-per-topic: 4, dedup: {enabled: false}}\n";
    RunPlan online = RunPlan.of(config(yaml));
    RunPlan batch = RunPlan.of(config(yaml, "endpoints.generator.mode=batch"));
    assertThat(line(batch, "responses", "generator").requests())
        .isEqualTo(line(online, "responses", "generator").requests());
    assertThat(line(batch, "responses", "generator").costUsd())
        .isPositive()
        .isCloseTo(line(online, "responses", "generator").costUsd() / 2, within(1e-12));
    assertThat(line(batch, "scores", "reward").costUsd())
        .isEqualTo(line(online, "scores", "reward").costUsd());
    assertThat(batch.notes()).anyMatch(n -> n.contains("'generator' is in batch mode"));
  }

  @Test
  void bothReasoningModesDoubleAFamilysResponsesAndScores() {
    String yaml =
        """
        prompts: {topics: 3, questions-per-topic: 4, dedup: {enabled: false}}
        responses: {per-prompt: 2}
        """;
    RunPlan plain = RunPlan.of(config(yaml));
    RunPlan both = RunPlan.of(config(yaml, "responses.reasoning-by-family={open_qa: both}"));
    RunPlan other = RunPlan.of(config(yaml, "responses.reasoning-by-family={math: both}"));

    assertThat(line(plain, "responses", "generator").requests()).isEqualTo(3 * 4 * 2);
    assertThat(line(both, "responses", "generator").requests()).isEqualTo(3 * 4 * 2 * 2);
    assertThat(line(both, "scores", "reward").requests()).isEqualTo(3 * 4 * 2 * 2);
    assertThat(line(other, "responses", "generator").requests()).isEqualTo(3 * 4 * 2);
  }

  @Test
  void tokensAreCharactersOverFourRoundedUp() {
    assertThat(RunPlan.tokens("")).isZero();
    assertThat(RunPlan.tokens("abcd")).isEqualTo(1);
    assertThat(RunPlan.tokens("abcde")).isEqualTo(2);
  }

  @Test
  void syntheticPromptsFollowTopicsAndQuestionsPerTopic() {
    RunPlan plan =
        RunPlan.of(
            config(
                """
                prompts: {topics: 3, questions-per-topic: 4, dedup: {enabled: false}}
                responses: {per-prompt: 2}
                """));
    assertThat(plan.lines())
        .extracting(RunPlan.Line::stage)
        .containsExactly("topics", "prompts-open_qa", "responses", "scores");

    RunPlan.Line topics = line(plan, "topics", "generator");
    assertThat(topics.requests()).isEqualTo(1);
    assertThat(topics.promptTokens()).isEqualTo(template("macro-topics"));
    assertThat(topics.completionTokens()).isEqualTo(400);

    RunPlan.Line questions = line(plan, "prompts-open_qa", "generator");
    assertThat(questions.requests()).isEqualTo(3);
    assertThat(questions.promptTokens()).isEqualTo(3 * template("open-questions"));
    assertThat(questions.completionTokens()).isEqualTo(1200);

    // 12 questions, each a quarter of its 400-token list; 2 responses each
    RunPlan.Line responses = line(plan, "responses", "generator");
    assertThat(responses.requests()).isEqualTo(24);
    assertThat(responses.promptTokens()).isEqualTo(24 * 100);
    assertThat(responses.completionTokens()).isEqualTo(24 * 400);
    assertThat(responses.costUsd()).isCloseTo((2400 * 0.5 + 9600 * 1.5) / 1e6, within(1e-12));

    // the reward model reads prompt and response, answers with about one token
    RunPlan.Line scores = line(plan, "scores", "reward");
    assertThat(scores.requests()).isEqualTo(24);
    assertThat(scores.promptTokens()).isEqualTo(24 * (100 + 400));
    assertThat(scores.completionTokens()).isEqualTo(24);
    assertThat(scores.costUsd()).isCloseTo(12_000 * 2.0 / 1e6, within(1e-12));

    assertThat(plan.totalRequests()).isEqualTo(1 + 3 + 24 + 24);
    assertThat(plan.totalCostUsd())
        .isCloseTo(plan.lines().stream().mapToDouble(RunPlan.Line::costUsd).sum(), within(1e-12));
  }

  @Test
  void subtopicsRevisionsAndExpectedOutputTokensChangeTheCounts() {
    RunPlan plan =
        RunPlan.of(
            config(
                """
                prompts:
                  topics: 2
                  subtopics-per-topic: 3
                  questions-per-topic: 2
                  families: {open-qa: {revise: true}}
                responses: {per-prompt: 1}
                """,
                "endpoints.generator.expected-output-tokens=100"));
    assertThat(line(plan, "topics-subtopics", "generator").requests()).isEqualTo(2);
    // 6 subtopics x 1 request, then one revision per question (12), on one line
    RunPlan.Line family = line(plan, "prompts-open_qa", "generator");
    assertThat(family.requests()).isEqualTo(6 + 12);
    assertThat(family.completionTokens()).isEqualTo(18 * 100);
    // 12 questions and 12 revisions
    assertThat(line(plan, "responses", "generator").requests()).isEqualTo(24);
    assertThat(plan.notes()).anyMatch(n -> n.contains("before duplicate removal"));
  }

  @Test
  void keywordClassificationAndInstructionVariantsAddTheirCalls() {
    RunPlan plan =
        RunPlan.of(
            config(
                """
                prompts:
                  topics: 2
                  questions-per-topic: 1
                  dedup: {enabled: false}
                  families:
                    math: {enabled: true, keywords: [fractions, primes, area], classify-keywords: true, levels: [easy]}
                    instruction-following: {multi-turn: {enabled: true, per-topic: 2}, second-turn: {enabled: true}}
                """));
    // the 3 inline keywords (from-topics is off when keywords are given), one level
    assertThat(line(plan, "keywords-math", "generator").requests()).isEqualTo(3);
    assertThat(line(plan, "prompts-math", "generator").requests()).isEqualTo(3);
    // multi-turn: a list per topic, then an answer and a follow-up per request (2 per topic)
    assertThat(line(plan, "prompts-instruction_following_multi_turn", "generator").requests())
        .isEqualTo(2 + 2 * 2 * 2);
    // second turn: a list per topic, then an answer per request (1 per topic)
    assertThat(line(plan, "prompts-instruction_following_second_turn", "generator").requests())
        .isEqualTo(2 + 2);
  }

  @Test
  void pythonProblemsThatWriteTheirTestsAddACallPerProblem() {
    String family =
        """
        prompts:
          topics: 2
          questions-per-topic: 1
          dedup: {enabled: false}
          families:
            python: {enabled: true, keywords: [sorting, parsing, graphs], levels: [easy, hard]%s}
        """;
    RunPlan without = RunPlan.of(config(family.formatted("")));
    RunPlan with = RunPlan.of(config(family.formatted(", tests: true")));
    // 3 keywords x 2 levels = 6 problems; then one tests call per problem
    RunPlan.Line problems = line(without, "prompts-python", "generator");
    RunPlan.Line tested = line(with, "prompts-python", "generator");
    assertThat(problems.requests()).isEqualTo(6);
    assertThat(tested.requests()).isEqualTo(12);
    // each tests call sends its template and the problem, and is answered at max-tokens
    assertThat(tested.promptTokens() - problems.promptTokens())
        .isGreaterThanOrEqualTo(6 * template("python-tests"));
    assertThat(tested.completionTokens() - problems.completionTokens()).isEqualTo(6 * 400);
  }

  @Test
  void importedPromptsAreCountedAndMeasuredFromTheFile() throws Exception {
    Path file =
        Files.write(
            dir.resolve("p.jsonl"),
            List.of(
                "{\"id\": \"a\", \"prompt\": \"" + "x".repeat(40) + "\"}",
                "",
                "{\"id\": \"b\", \"prompt\": \"" + "y".repeat(80) + "\"}"));
    RunPlan plan = RunPlan.of(config("prompts: {import: " + file + "}\n"));
    assertThat(plan.lines()).extracting(RunPlan.Line::stage).containsExactly("responses", "scores");
    RunPlan.Line responses = line(plan, "responses", "generator");
    assertThat(responses.requests()).isEqualTo(4); // 2 prompts x 2 responses (default)
    assertThat(responses.promptTokens()).isEqualTo(2 * (10 + 20));
  }

  @Test
  void dialoguesCountEveryTurnAndTheScore() {
    RunPlan plan =
        RunPlan.of(
            config(
                """
                prompts: {topics: 1, questions-per-topic: 2, dedup: {enabled: false}}
                dialogues: {per-prompt: 1, turns: 3}
                """));
    // 2 dialogues: 3 answers and 2 user turns each from the generator, one score each
    assertThat(line(plan, "dialogues", "generator").requests()).isEqualTo(2 * (3 + 2));
    assertThat(line(plan, "dialogues", "reward").requests()).isEqualTo(2);
  }

  @Test
  void tableListsEveryLineAndTheTotal() {
    RunPlan plan = RunPlan.of(config("prompts: {topics: 3, questions-per-topic: 4}\n"));
    String table = plan.table();
    assertThat(table.lines().findFirst().orElseThrow())
        .contains(
            "stage", "endpoint", "requests", "prompt-tokens", "completion-tokens", "cost-usd");
    assertThat(table).contains("responses").contains("scores");
    String total = table.lines().filter(l -> l.startsWith("total")).findFirst().orElseThrow();
    assertThat(total).contains(String.valueOf(plan.totalRequests()));
    assertThat(total).contains(String.format(java.util.Locale.ROOT, "%.4f", plan.totalCostUsd()));
  }

  @Test
  void negativePricesAndBudgetsAreConfigErrors() {
    assertThatThrownBy(() -> config("", "endpoints.generator.price.input-per-mtok=-1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("input-per-mtok");
    assertThatThrownBy(() -> config("", "run.max-budget=0"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("max-budget");
  }

  @Test
  void aTargetIsPlannedAtTheExpectedRate() {
    String yaml = "prompts: {topics: 3, questions-per-topic: 4, dedup: {enabled: false}}\n";
    RunPlan plan = RunPlan.of(config(yaml, "target.accepted=200", "target.expected-rate=0.3"));
    // 200 / 0.3 = 666.7: 667 responses, each scored, whatever the 12 prompts x 2 would be
    assertThat(line(plan, "responses", "generator").requests()).isEqualTo(667);
    assertThat(line(plan, "scores", "reward").requests()).isEqualTo(667);
    assertThat(plan.notes())
        .anyMatch(n -> n.startsWith("target.accepted 200 on sft: 667 attempts expected"));
    assertThat(line(RunPlan.of(config(yaml)), "responses", "generator").requests()).isEqualTo(24);
    // with reasoning both an attempt is asked in each mode: 1.5 rows per attempt, 134 attempts
    RunPlan both =
        RunPlan.of(
            config(
                yaml,
                "target.accepted=200",
                "target.expected-rate=1.5",
                "responses.reasoning=both"));
    assertThat(line(both, "responses", "generator").requests()).isEqualTo(268);
    assertThat(both.notes()).anyMatch(n -> n.startsWith("With reasoning modes an attempt is"));
  }

  @Test
  void aPreferenceTargetIsPlannedInPromptsWithTheirResponsesScoresAndJudgeCalls() {
    String yaml =
        "prompts: {topics: 10, questions-per-topic: 10, dedup: {enabled: false}}\n"
            + "preferences: {judges: [llm-judge], llm-judge: generator}\n";
    RunPlan plan =
        RunPlan.of(
            config(
                yaml,
                "target.accepted=30",
                "target.on=preferences",
                "target.expected-rate=0.6",
                "responses.per-prompt=3"));
    // 30 / 0.6 = 50 of the 100 prompts, each answered and scored 3 times, its 3 pairs judged
    // twice (positions swapped)
    assertThat(line(plan, "responses", "generator").requests()).isEqualTo(150);
    assertThat(line(plan, "scores", "reward").requests()).isEqualTo(150);
    assertThat(line(plan, "judgements", "generator").requests()).isEqualTo(50 * 3 * 2);
    assertThat(plan.notes())
        .anyMatch(n -> n.startsWith("target.accepted 30 on preferences: 50 prompts expected"));
    // a rate that would need more prompts than there are: the 100 there are
    RunPlan few =
        RunPlan.of(
            config(
                yaml,
                "target.accepted=30",
                "target.on=preferences",
                "target.expected-rate=0.2",
                "responses.per-prompt=3"));
    assertThat(line(few, "responses", "generator").requests()).isEqualTo(300);
    assertThat(line(few, "judgements", "generator").requests()).isEqualTo(100 * 3 * 2);
    // without a target: every prompt's pairs
    assertThat(
            line(RunPlan.of(config(yaml, "responses.per-prompt=3")), "judgements", "generator")
                .requests())
        .isEqualTo(100 * 3 * 2);
  }
}
