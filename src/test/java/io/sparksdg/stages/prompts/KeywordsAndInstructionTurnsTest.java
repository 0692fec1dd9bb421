package io.sparksdg.stages.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.model.Message;
import io.sparksdg.model.Sampling;
import io.sparksdg.prompts.PromptTemplate;
import io.sparksdg.prompts.instructions.Combination;
import io.sparksdg.prompts.instructions.InstructionRegistry;
import io.sparksdg.prompts.instructions.VerifiableInstruction;
import io.sparksdg.records.FailureRecord;
import io.sparksdg.records.KeywordRecord;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.TopicRecord;
import io.sparksdg.stages.FakeModels;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The keyword classifier and the multi-message instruction-following variants, without Spark. */
class KeywordsAndInstructionTurnsTest {

  private final Sampling sampling = new Sampling(0.7, 0.9, 256, null);
  private final TopicRecord subtopic =
      new TopicRecord("sub1", "Tide pools", "macro1", "m", "subtopics", 1);

  private static PromptTemplate t(String id) {
    return PromptTemplate.builtIn(id);
  }

  private static <T> T ok(List<Outcome<T>> outcomes) {
    assertThat(outcomes).hasSize(1).allMatch(o -> o instanceof Outcome.Ok);
    return ((Outcome.Ok<T>) outcomes.get(0)).value();
  }

  private static <T> List<T> oks(List<Outcome<T>> outcomes) {
    assertThat(outcomes).allMatch(o -> o instanceof Outcome.Ok);
    return outcomes.stream().map(o -> ((Outcome.Ok<T>) o).value()).toList();
  }

  private static FailureRecord failed(List<? extends Outcome<?>> outcomes) {
    assertThat(outcomes).hasSize(1).allMatch(o -> o instanceof Outcome.Failed);
    return ((Outcome.Failed<?>) outcomes.get(0)).failure();
  }

  private ClassifyKeywordsStage classifier(String family) {
    return new ClassifyKeywordsStage(family, t("keyword-classifier"), "gen", 64, 42);
  }

  @Test
  void classifierAsksAboutTheKeywordGreedilyAndRecordsTheVerdict() {
    FakeModels.Chat chat =
        new FakeModels.Chat(
            r -> r.messages().get(0).content().contains("Paris") ? "No, it is a city." : "**Yes**");
    ClassifyKeywordsStage stage = classifier(KeywordProblemsStage.MATH);

    KeywordRecord yes = ok(stage.classify("fractions", chat).join());
    KeywordRecord no = ok(stage.classify("Paris", chat).join());

    assertThat(yes.verdict()).isEqualTo("yes");
    assertThat(yes.kept()).isTrue();
    assertThat(no.verdict()).isEqualTo("no");
    assertThat(no.kept()).isFalse();
    assertThat(no.raw()).isEqualTo("No, it is a city.");
    assertThat(yes.keyword()).isEqualTo("fractions");
    assertThat(yes.family()).isEqualTo("math");
    assertThat(yes.keywordId())
        .isEqualTo(stage.keywordId("fractions"))
        .isNotEqualTo(no.keywordId());
    assertThat(yes.templateId()).isEqualTo("keyword-classifier");
    assertThat(yes.model()).isEqualTo("fake-model");
    String asked = chat.requests.get(0).messages().get(0).content();
    assertThat(asked).contains("\"fractions\"", "mathematics").endsWith("Answer yes or no.");
    assertThat(chat.requests.get(0).sampling().temperature()).isEqualTo(0.0);
    assertThat(chat.requests.get(0).sampling().seed()).isEqualTo(yes.seed());
  }

  @Test
  void pythonAndMathVerdictsOnOneKeywordAreDifferentRecords() {
    ClassifyKeywordsStage python = classifier(KeywordProblemsStage.PYTHON);
    assertThat(python.keywordId("recursion"))
        .isNotEqualTo(classifier(KeywordProblemsStage.MATH).keywordId("recursion"));
    FakeModels.Chat chat = new FakeModels.Chat(r -> "Yes.");
    python.classify("recursion", chat).join();
    assertThat(chat.requests.get(0).messages().get(0).content()).contains("a Python keyword");
  }

  @Test
  void anAnswerThatIsNeitherYesNorNoIsAFailureWithTheRawText() {
    FakeModels.Chat chat = new FakeModels.Chat(r -> "It depends on the curriculum.");
    ClassifyKeywordsStage stage = classifier(KeywordProblemsStage.MATH);
    FailureRecord f = failed(stage.classify("vectors", chat).join());
    assertThat(f.errorClass()).isEqualTo("unusable_output");
    assertThat(f.raw()).isEqualTo("It depends on the curriculum.");
    assertThat(f.recordId()).isEqualTo(stage.keywordId("vectors"));
    assertThat(f.stage()).isEqualTo("prompts");
  }

  @Test
  void aRejectedClassificationIsAFailureNotAnException() {
    FakeModels.Chat chat = new FakeModels.Chat(r -> null);
    FailureRecord f = failed(classifier(KeywordProblemsStage.MATH).classify("x", chat).join());
    assertThat(f.errorClass()).isEqualTo("rejected");
    assertThat(f.httpStatus()).isEqualTo(400);
  }

  private InstructionTurnsStage turns(InstructionTurnsStage.Variant variant, int perTopic) {
    return new InstructionTurnsStage(
        variant,
        t(
            variant == InstructionTurnsStage.Variant.MULTI_TURN
                ? "instruction-multi-turn"
                : "instruction-second-turn"),
        t("instruction-prompts"),
        t("two-turn-followup"),
        "gen",
        sampling,
        perTopic,
        1,
        3,
        42);
  }

  /** Lists two requests; answers a first turn; writes a follow-up when asked for one. */
  private static FakeModels.Chat conversationModel() {
    return new FakeModels.Chat(
        r -> {
          String last = r.messages().get(r.messages().size() - 1).content();
          if (r.jsonSchema() != null) {
            return "{\"requests\": [\"Describe tide pools.\", \"Explain neap tides.\"]}";
          }
          if (last.contains("Write the user's next message")) {
            return "Now do the same for coral reefs.";
          }
          return "An answer about " + last.substring(0, 12) + ".";
        });
  }

  @Test
  void multiTurnStatesTheInstructionsForTheWholeConversationAndEndsWithAUserTurn() {
    FakeModels.Chat chat = conversationModel();
    InstructionTurnsStage stage = turns(InstructionTurnsStage.Variant.MULTI_TURN, 2);
    List<PromptRecord> rows = oks(stage.run(FamilyRequest.ofTopic(subtopic, null), chat).join());

    assertThat(rows).hasSize(2);
    assertThat(rows)
        .extracting(PromptRecord::task)
        .containsOnly("instruction_following_multi_turn");
    for (PromptRecord row : rows) {
      List<VerifiableInstruction> instructions =
          InstructionRegistry.listFromJson(row.instructions());
      assertThat(instructions)
          .hasSizeBetween(1, 3)
          .noneMatch(i -> i.id().equals(Combination.RepeatPrompt.ID));
      assertThat(row.messages())
          .extracting(Message::role)
          .containsExactly("user", "assistant", "user");
      assertThat(row.messages().get(0).content())
          .contains("every later answer")
          .endsWith(InstructionRegistry.render(instructions));
      assertThat(row.messages().get(2).content()).isEqualTo("Now do the same for coral reefs.");
      assertThat(row.messages().get(2).content())
          .doesNotContain(InstructionRegistry.render(instructions));
      assertThat(row.templateId()).isEqualTo("instruction-multi-turn");
      assertThat(row.parentId()).isEqualTo("sub1");
    }
    // The first turn was answered with the instructions in it; the follow-up saw that answer.
    assertThat(chat.requests)
        .anyMatch(
            r ->
                r.jsonSchema() == null
                    && r.messages()
                        .get(0)
                        .content()
                        .equals(rows.get(0).messages().get(0).content()));
    assertThat(chat.requests)
        .anyMatch(
            r -> r.messages().get(0).content().contains(rows.get(0).messages().get(1).content()));
    // The same request gives the same prompts, instructions included, in another run.
    assertThat(oks(stage.run(FamilyRequest.ofTopic(subtopic, null), chat).join())).isEqualTo(rows);
  }

  @Test
  void secondTurnAsksToReviseThePreviousAnswerToFollowTheInstructions() {
    FakeModels.Chat chat = conversationModel();
    InstructionTurnsStage stage = turns(InstructionTurnsStage.Variant.SECOND_TURN, 2);
    List<PromptRecord> rows = oks(stage.run(FamilyRequest.ofTopic(subtopic, null), chat).join());

    assertThat(rows).hasSize(2);
    PromptRecord row = rows.get(0);
    assertThat(row.task()).isEqualTo("instruction_following_second_turn");
    List<VerifiableInstruction> instructions = InstructionRegistry.listFromJson(row.instructions());
    assertThat(row.messages())
        .containsExactly(
            Message.user("Describe tide pools."),
            Message.assistant("An answer about Describe tid."),
            Message.user(
                "Revise your previous response so that it follows these instructions: "
                    + InstructionRegistry.render(instructions)));
    // One list call and one answer per request; no follow-up is generated.
    assertThat(chat.requests).hasSize(3);
  }

  @Test
  void aFailedAnswerFailsTheWholeRequestOnce() {
    FakeModels.Chat chat =
        new FakeModels.Chat(
            r ->
                r.jsonSchema() != null
                    ? "{\"requests\": [\"Describe tide pools.\", \"Explain neap tides.\"]}"
                    : r.messages().get(0).content().contains("neap") ? " " : "Fine.");
    InstructionTurnsStage stage = turns(InstructionTurnsStage.Variant.SECOND_TURN, 2);
    FamilyRequest request = FamilyRequest.ofTopic(subtopic, null);
    FailureRecord f = failed(stage.run(request, chat).join());
    assertThat(f.errorClass()).isEqualTo("unusable_output");
    assertThat(f.recordId()).isEqualTo(stage.requestId(request));
  }

  @Test
  void variantsNeverDrawRepeatPromptAndStayWithinTheCounts() {
    InstructionTurnsStage stage = turns(InstructionTurnsStage.Variant.MULTI_TURN, 1);
    int total = 0;
    for (int i = 0; i < 300; i++) {
      List<VerifiableInstruction> chosen = stage.instructions("request-" + i, 0);
      assertThat(chosen).hasSizeBetween(1, 3);
      assertThat(chosen).noneMatch(x -> x.id().equals(Combination.RepeatPrompt.ID));
      total += chosen.size();
    }
    assertThat(total).isGreaterThan(300); // more than one instruction is drawn at times
  }
}
