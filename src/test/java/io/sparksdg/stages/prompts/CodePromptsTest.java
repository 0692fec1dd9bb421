package io.sparksdg.stages.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import org.junit.jupiter.api.Test;

/** Code prompts: imported with their tests, or the Python family's function and tests. */
class CodePromptsTest {

  @Test
  void anImportedPromptWithTestsIsACodePromptKeyedByItsTests() {
    Outcome<PromptRecord> out =
        new ImportPromptsStage(10_000)
            .parse(
                "{\"id\": \"c1\", \"prompt\": \"Write `add(a, b)`.\", \"tests\": \"assert add(1,"
                    + " 2) == 3\\n\"}",
                1);
    PromptRecord p = ((Outcome.Ok<PromptRecord>) out).value();
    assertThat(p.task()).isEqualTo(ImportPromptsStage.TASK_CODE);
    assertThat(p.answerKey()).isEqualTo("assert add(1, 2) == 3\n");
    assertThat(p.messages().get(0).content())
        .isEqualTo("Write `add(a, b)`." + ImportPromptsStage.CODE_SUFFIX);

    Outcome<PromptRecord> empty =
        new ImportPromptsStage(10_000)
            .parse("{\"id\": \"c2\", \"prompt\": \"Write it.\", \"tests\": \"  \"}", 2);
    assertThat(empty).isInstanceOf(Outcome.Failed.class);
    assertThat(((Outcome.Failed<PromptRecord>) empty).failure().message())
        .contains("code prompt 'c2' has \"tests\" that are empty");
  }

  @Test
  void readsTheFunctionAndItsAssertsFromTheTestsReply() {
    var parsed =
        KeywordProblemsStage.FunctionTests.parse(
            "Here you go.\n```python\ndef count_vowels(text: str) -> int:\n"
                + "assert count_vowels('abc') == 1\n# a comment\nassert count_vowels('') == 0\n```");
    assertThat(parsed).isPresent();
    assertThat(parsed.get().signature()).isEqualTo("count_vowels(text: str)");
    assertThat(parsed.get().tests())
        .isEqualTo("assert count_vowels('abc') == 1\nassert count_vowels('') == 0\n");
    assertThat(KeywordProblemsStage.FunctionTests.parse("```python\nassert f(1) == 1\n```"))
        .isEmpty();
    assertThat(KeywordProblemsStage.FunctionTests.parse("no code at all")).isEmpty();
  }
}
