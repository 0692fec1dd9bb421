package io.sparksdg.stages.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.model.Message;
import io.sparksdg.model.Sampling;
import io.sparksdg.prompts.PromptTemplate;
import io.sparksdg.prompts.instructions.InstructionRegistry;
import io.sparksdg.prompts.instructions.VerifiableInstruction;
import io.sparksdg.records.FailureRecord;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.TopicRecord;
import io.sparksdg.stages.FakeModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptFamiliesTest {

  private final Sampling sampling = new Sampling(0.7, 0.9, 256, null);
  private final TopicRecord subtopic =
      new TopicRecord("sub1", "Tide pools", "macro1", "m", "subtopics", 1);

  private static PromptTemplate t(String id) {
    return PromptTemplate.builtIn(id);
  }

  private static List<PromptRecord> ok(List<Outcome<PromptRecord>> outcomes) {
    assertThat(outcomes).allMatch(o -> o instanceof Outcome.Ok);
    return outcomes.stream().map(o -> ((Outcome.Ok<PromptRecord>) o).value()).toList();
  }

  private static FailureRecord failed(List<Outcome<PromptRecord>> outcomes) {
    assertThat(outcomes).hasSize(1).allMatch(o -> o instanceof Outcome.Failed);
    return ((Outcome.Failed<PromptRecord>) outcomes.get(0)).failure();
  }

  @Test
  void openQuestionsCarryTheirLineage() {
    FakeModels.Chat chat = new FakeModels.Chat(r -> "{\"questions\": [\"Why?\", \"How?\"]}");
    GeneratePromptsStage stage =
        new GeneratePromptsStage(t("open-questions"), "gen", sampling, 2, 42);
    List<PromptRecord> rows = ok(stage.run(FamilyRequest.ofTopic(subtopic, null), chat).join());

    assertThat(rows).extracting(PromptRecord::task).containsOnly("open_qa");
    PromptRecord first = rows.get(0);
    assertThat(first.messages()).containsExactly(Message.user("Why?"));
    assertThat(first.topicId()).isEqualTo("macro1");
    assertThat(first.subtopicId()).isEqualTo("sub1");
    assertThat(first.parentId()).isEqualTo("sub1");
    assertThat(first.templateId()).isEqualTo("open-questions");
    assertThat(first.templateVersion()).isEqualTo(1);
    assertThat(first.model()).isEqualTo("fake-model");
    assertThat(first.sampling()).isEqualTo("t=0.7,p=0.9,max=256");
    assertThat(first.seed()).isEqualTo(chat.requests.get(0).sampling().seed());
    assertThat(chat.requests.get(0).messages().get(0).content()).contains("Tide pools");
  }

  @Test
  void aListOfTheWrongLengthIsAFailureWithTheRawText() {
    FakeModels.Chat chat = new FakeModels.Chat(r -> "{\"questions\": [\"Only one?\"]}");
    GeneratePromptsStage stage =
        new GeneratePromptsStage(t("open-questions"), "gen", sampling, 2, 42);
    FamilyRequest request = FamilyRequest.ofTopic(subtopic, null);
    FailureRecord f = failed(stage.run(request, chat).join());
    assertThat(f.errorClass()).isEqualTo("unusable_output");
    assertThat(f.raw()).contains("Only one?");
    assertThat(f.recordId()).isEqualTo(stage.requestId(request));
  }

  @Test
  void revisionIsANewPromptOfTheSameFamilyLinkedToItsParent() {
    PromptRecord parent =
        ok(new GeneratePromptsStage(t("open-questions"), "gen", sampling, 1, 42)
                .run(
                    FamilyRequest.ofTopic(subtopic, null),
                    new FakeModels.Chat(r -> "{\"questions\": [\"Why?\"]}"))
                .join())
            .get(0);
    FakeModels.Chat chat = new FakeModels.Chat(r -> "  Why do tide pools drain twice a day?  ");
    RevisePromptsStage stage =
        new RevisePromptsStage("open_qa", t("revise-open-question"), "gen", sampling, 42);
    PromptRecord revised = ok(stage.run(FamilyRequest.ofPrompt(parent), chat).join()).get(0);

    assertThat(revised.task()).isEqualTo("open_qa");
    assertThat(revised.parentId()).isEqualTo(parent.promptId());
    assertThat(revised.promptId()).isNotEqualTo(parent.promptId());
    assertThat(revised.messages())
        .containsExactly(Message.user("Why do tide pools drain twice a day?"));
    assertThat(revised.templateId()).isEqualTo("revise-open-question");
    assertThat(revised.subtopicId()).isEqualTo("sub1");
    assertThat(chat.requests.get(0).messages().get(0).content()).contains("Why?");
  }

  @Test
  void writingTasksNameTheirDocumentType() {
    FakeModels.Chat chat = new FakeModels.Chat(r -> "1. Write a poem\n2. Write another poem");
    WritingTasksStage stage = new WritingTasksStage(t("writing-tasks"), "gen", sampling, 2, 42);
    List<PromptRecord> rows = ok(stage.run(FamilyRequest.ofTopic(subtopic, "poem"), chat).join());
    assertThat(rows).hasSize(2).extracting(PromptRecord::task).containsOnly("writing");
    assertThat(chat.requests.get(0).messages().get(0).content()).contains("poem", "Tide pools");
  }

  @Test
  void closedQaJoinsEachInstructionToTheDocumentAndKeepsItsId() {
    FakeModels.Chat chat =
        new FakeModels.Chat(r -> "{\"instructions\": [\"Summarize it.\", \"What is kneaded?\"]}");
    ClosedQaStage stage =
        new ClosedQaStage(t("closed-qa-instructions"), t("closed-qa-join"), "gen", sampling, 2, 42);
    FamilyRequest request =
        new FamilyRequest(null, null, null, null, "doc-7", "Dough is kneaded.", null, null);
    List<PromptRecord> rows = ok(stage.run(request, chat).join());
    assertThat(rows).extracting(PromptRecord::documentId).containsOnly("doc-7");
    assertThat(rows.get(0).messages().get(0).content())
        .isEqualTo("Dough is kneaded.\n\nSummarize it.");
    assertThat(rows).extracting(PromptRecord::task).containsOnly("closed_qa");
  }

  @Test
  void mathProblemsCarryTheirKeywordAndLevel() {
    FakeModels.Chat chat = new FakeModels.Chat(r -> "{\"problems\": [\"Add 2 and 3.\"]}");
    KeywordProblemsStage stage =
        new KeywordProblemsStage("math", t("math-problems"), "gen", sampling, 1, 42);
    PromptRecord row =
        ok(stage.run(KeywordProblemsStage.request("addition", "middle school"), chat).join())
            .get(0);
    assertThat(row.task()).isEqualTo("math");
    assertThat(row.topic()).isEqualTo("addition");
    assertThat(row.level()).isEqualTo("middle school");
    assertThat(chat.requests.get(0).messages().get(0).content())
        .contains("addition", "middle school");
    assertThat(stage.requestId(KeywordProblemsStage.request("addition", "high school")))
        .isNotEqualTo(stage.requestId(KeywordProblemsStage.request("addition", "middle school")));
  }

  @Test
  void instructionFollowingPromptsStoreTheirInstructionsAsJsonAndSayThem() {
    FakeModels.Chat chat =
        new FakeModels.Chat(
            r -> "{\"requests\": [\"Describe tides.\", \"Explain waves.\", \"Why salt?\"]}");
    InstructionFollowingStage stage =
        new InstructionFollowingStage(t("instruction-prompts"), "gen", sampling, 3, 1, 3, 42);
    List<PromptRecord> rows = ok(stage.run(FamilyRequest.ofTopic(subtopic, null), chat).join());
    assertThat(rows).hasSize(3);
    for (PromptRecord row : rows) {
      List<VerifiableInstruction> instructions =
          InstructionRegistry.listFromJson(row.instructions());
      assertThat(instructions).hasSizeBetween(1, 3);
      assertThat(row.messages().get(0).content())
          .endsWith(InstructionRegistry.render(instructions));
    }
    // The same request picks the same instructions in another run.
    List<PromptRecord> again = ok(stage.run(FamilyRequest.ofTopic(subtopic, null), chat).join());
    assertThat(again).isEqualTo(rows);
  }

  @Test
  void twoTurnPromptsAreUserAssistantUser() {
    PromptRecord first =
        ok(new GeneratePromptsStage(t("open-questions"), "gen", sampling, 1, 42)
                .run(
                    FamilyRequest.ofTopic(subtopic, null),
                    new FakeModels.Chat(r -> "{\"questions\": [\"Why?\"]}"))
                .join())
            .get(0);
    FakeModels.Chat chat =
        new FakeModels.Chat(
            r ->
                r.messages().get(0).content().equals("Why?")
                    ? "Because of the moon."
                    : "Can you say more about the moon?");
    TwoTurnStage stage = new TwoTurnStage(t("two-turn-followup"), "gen", sampling, 42);
    PromptRecord row = ok(stage.run(FamilyRequest.ofPrompt(first), chat).join()).get(0);
    assertThat(row.messages())
        .containsExactly(
            Message.user("Why?"),
            Message.assistant("Because of the moon."),
            Message.user("Can you say more about the moon?"));
    assertThat(row.task()).isEqualTo("two_turn");
    assertThat(row.parentId()).isEqualTo(first.promptId());
    assertThat(chat.requests.get(1).messages().get(0).content()).contains("Because of the moon.");
  }

  @Test
  void anEmptyAnswerIsUnusable() {
    FakeModels.Chat chat = new FakeModels.Chat(r -> " ");
    RevisePromptsStage stage =
        new RevisePromptsStage("writing", t("revise-writing-task"), "gen", sampling, 42);
    PromptRecord parent =
        new PromptRecord(
            "p",
            null,
            "writing",
            List.of(Message.user("Write.")),
            "t",
            null,
            null,
            0,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    assertThat(failed(stage.run(FamilyRequest.ofPrompt(parent), chat).join()).errorClass())
        .isEqualTo("unusable_output");
  }
}
