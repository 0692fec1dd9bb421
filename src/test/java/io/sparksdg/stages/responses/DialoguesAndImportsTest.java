package io.sparksdg.stages.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparksdg.config.DialoguesConfig;
import io.sparksdg.config.PriceConfig;
import io.sparksdg.judge.RewardWeights;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.Message;
import io.sparksdg.model.Sampling;
import io.sparksdg.records.DialogueRecord;
import io.sparksdg.records.FailureRecord;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PreferenceRecord;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.stages.FakeModels;
import io.sparksdg.stages.curation.ExportFormats;
import io.sparksdg.stages.prompts.ImportPromptsStage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Dialogues, several generators, judged imports and export rows, without Spark. */
class DialoguesAndImportsTest {

  private static final PromptRecord PROMPT =
      new PromptRecord(
          "p1",
          "s1",
          "imported",
          List.of(Message.user("Why is the sea salty?")),
          null,
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

  private static GenerateDialoguesStage stage(double minReward, String decoding) {
    DialoguesConfig config =
        new DialoguesConfig(
            1, 3, "u", "a", Map.of("pirate", "You talk like a pirate."), null, decoding, null);
    return new GenerateDialoguesStage(
        config,
        "user-model",
        new Sampling(0.7, 0.9, 100, null),
        "assistant-model",
        new Sampling(0.7, 0.9, 100, null),
        new RewardWeights(Map.of("helpfulness", 1.0)),
        minReward,
        42);
  }

  @Test
  void playsBothSidesForThreeUserTurnsAndStripsPoliteFiller() {
    AtomicInteger answers = new AtomicInteger();
    FakeModels.Chat assistant = new FakeModels.Chat(r -> "Answer " + answers.incrementAndGet());
    FakeModels.Chat user = new FakeModels.Chat(r -> "Thank you so much! Please, why is that?");
    Outcome<DialogueRecord> outcome =
        stage(0, "sampled")
            .run(
                new GenerateDialoguesStage.Item(PROMPT, 0),
                user,
                assistant,
                new FakeModels.Reward())
            .join();

    DialogueRecord d = ((Outcome.Ok<DialogueRecord>) outcome).value();
    assertThat(d.turns()).isEqualTo(3);
    assertThat(d.messages())
        .extracting(Message::role)
        .containsExactly("user", "assistant", "user", "assistant", "user", "assistant");
    assertThat(d.messages().get(2).content()).isEqualTo("Why is that?");
    assertThat(d.strippedChars()).isPositive();
    assertThat(d.kept()).isTrue();
    assertThat(d.persona()).isIn("normal", "complex", "concise", "pirate");
    // The user side sees the persona and the conversation with roles swapped.
    ChatRequest ask = user.requests.get(0);
    assertThat(ask.messages().get(0).role()).isEqualTo("system");
    assertThat(ask.messages().get(0).content()).contains("You are the user");
    assertThat(ask.messages().subList(1, 3))
        .containsExactly(Message.assistant("Why is the sea salty?"), Message.user("Answer 1"));
    // The reward model scored the whole conversation: helpfulness = last answer length / 10.
    assertThat(d.reward()).isEqualTo("Answer 3".length() / 10.0);
    assertThat(d.toSft().task()).isEqualTo("dialogue");
    assertThat(d.toSft().messages()).isEqualTo(d.messages());
  }

  @Test
  void aDialogueCarriesTheTokensOfAllItsCallsEachAtItsOwnEndpointsPrice() {
    String userTurn = "Why is that?";
    FakeModels.Chat assistant = new FakeModels.Chat(r -> "Answer", new PriceConfig(1.0, 2.0));
    FakeModels.Chat user = new FakeModels.Chat(r -> userTurn, new PriceConfig(3.0, 4.0));
    GenerateDialoguesStage.Item item = new GenerateDialoguesStage.Item(PROMPT, 0);

    // three assistant turns, two user turns and one score; the reward endpoint has no price
    DialogueRecord d =
        ok(stage(0, "sampled").run(item, user, assistant, new FakeModels.Reward()).join());
    long rewardPrompt = FakeModels.Reward.USAGE.promptTokens();
    long rewardCompletion = FakeModels.Reward.USAGE.completionTokens();
    assertThat(d.promptTokens()).isEqualTo(3 * 10 + 2 * 10 + rewardPrompt);
    assertThat(d.completionTokens())
        .isEqualTo(3 * "Answer".length() + 2 * userTurn.length() + rewardCompletion);
    double assistantCost = 3 * (10 * 1.0 + "Answer".length() * 2.0) / 1e6;
    double userCost = 2 * (10 * 3.0 + userTurn.length() * 4.0) / 1e6;
    assertThat(d.costUsd()).isCloseTo(assistantCost + userCost, within(1e-15));

    // a priced reward endpoint adds its call
    DialogueRecord allPriced =
        ok(
            stage(0, "sampled")
                .run(item, user, assistant, new FakeModels.Reward(new PriceConfig(0.5, 0.5)))
                .join());
    assertThat(allPriced.costUsd())
        .isCloseTo(
            assistantCost + userCost + (rewardPrompt + rewardCompletion) * 0.5 / 1e6,
            within(1e-15));

    // no endpoint priced: tokens and no cost
    FakeModels.Chat free = new FakeModels.Chat(r -> "Answer");
    DialogueRecord unpriced =
        ok(stage(0, "sampled").run(item, free, free, new FakeModels.Reward()).join());
    assertThat(unpriced.promptTokens()).isEqualTo(5 * 10 + rewardPrompt);
    assertThat(unpriced.costUsd()).isNull();
  }

  @Test
  void dropsDialoguesUnderTheThresholdWithTheReasonAndDecodesGreedilyWhenAsked() {
    FakeModels.Chat chat = new FakeModels.Chat(r -> "ok");
    DialogueRecord d =
        ((Outcome.Ok<DialogueRecord>)
                stage(5.0, "greedy")
                    .run(
                        new GenerateDialoguesStage.Item(PROMPT, 0),
                        chat,
                        chat,
                        new FakeModels.Reward())
                    .join())
            .value();
    assertThat(d.kept()).isFalse();
    assertThat(d.dropReason()).isEqualTo("reward 0.200 < min-reward 5.000");
    assertThat(chat.requests).allSatisfy(r -> assertThat(r.sampling().temperature()).isZero());
  }

  @Test
  void aUserTurnOfOnlyFillerIsAFailure() {
    Outcome<DialogueRecord> outcome =
        stage(0, "sampled")
            .run(
                new GenerateDialoguesStage.Item(PROMPT, 0),
                new FakeModels.Chat(r -> "Thanks!"),
                new FakeModels.Chat(r -> "answer"),
                new FakeModels.Reward())
            .join();
    FailureRecord f = ((Outcome.Failed<DialogueRecord>) outcome).failure();
    assertThat(f.errorClass()).isEqualTo("unusable_output");
    assertThat(f.raw()).isEqualTo("Thanks!");
    assertThat(f.stage()).isEqualTo("dialogues");
  }

  @Test
  void generatorsAreChosenDeterministicallyByWeight() {
    GeneratorChoice choice = new GeneratorChoice(Map.of("small", 1.0, "big", 3.0), 7);
    Map<String, Integer> counts = new HashMap<>();
    for (int p = 0; p < 2000; p++) {
      String pick = choice.pick("prompt-" + p, 0);
      assertThat(choice.pick("prompt-" + p, 0)).isEqualTo(pick);
      counts.merge(pick, 1, Integer::sum);
    }
    assertThat(counts.get("big") / 2000.0).isBetween(0.70, 0.80);
    assertThat(new GeneratorChoice(Map.of("only", 1.0), 7).pick("x", 3)).isEqualTo("only");
  }

  @Test
  void importsMathWithAnAnswerKeyAndPromptsWithInstructions() {
    ImportPromptsStage stage = new ImportPromptsStage(1000);
    PromptRecord math =
        ((Outcome.Ok<PromptRecord>)
                stage.parse(
                    "{\"id\":\"m\",\"question\":\"2 plus 3?\",\"answer\":\"2+3=5\\n#### 5\"}", 1))
            .value();
    assertThat(math.task()).isEqualTo("math");
    assertThat(math.answerKey()).isEqualTo("5");
    assertThat(math.messages().get(0).content()).startsWith("2 plus 3?").contains("#### <number>");

    PromptRecord following =
        ((Outcome.Ok<PromptRecord>)
                stage.parse(
                    "{\"id\":\"i\",\"prompt\":\"No commas.\",\"instructions\":"
                        + "[{\"id\":\"punctuation:no_comma\",\"params\":{}}]}",
                    2))
            .value();
    assertThat(following.task()).isEqualTo("instruction_following");
    assertThat(following.instructions()).contains("punctuation:no_comma");

    assertThat(stage.parse("{\"id\":\"m2\",\"question\":\"q\",\"answer\":\"no key\"}", 3))
        .isInstanceOfSatisfying(
            Outcome.Failed.class, f -> assertThat(f.failure().message()).contains("#### <number>"));
    assertThat(
            stage.parse(
                "{\"id\":\"i2\",\"prompt\":\"p\",\"instructions\":[{\"id\":\"no:such\"}]}", 4))
        .isInstanceOfSatisfying(
            Outcome.Failed.class,
            f -> assertThat(f.failure().message()).contains("unusable \"instructions\""));
  }

  @Test
  void exportRowsFollowTheTrainersFormats() {
    PreferenceRecord pair =
        new PreferenceRecord(
            "id",
            "p1",
            List.of(Message.system("Be brief."), Message.user("Hi?")),
            "Hello.",
            "Go away.",
            3.5,
            1.0,
            2.5,
            "reward_model",
            "c",
            "r",
            "m1",
            "m2",
            true,
            true,
            null,
            null,
            null);
    assertThat(ExportFormats.nemoPreference(pair))
        .isEqualTo(
            "{\"prompt\":\"<extra_id_0>System\\nBe brief.\\n<extra_id_1>User\\nHi?\\n"
                + "<extra_id_1>Assistant\\n\",\"chosen_response\":\"Hello.\\n<extra_id_1>\","
                + "\"rejected_response\":\"Go away.\\n<extra_id_1>\",\"chosen_reward\":3.5,"
                + "\"rejected_reward\":1.0}");
    assertThat(ExportFormats.trlPreference(pair))
        .isEqualTo(
            "{\"prompt\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"Hi?\"}],"
                + "\"chosen\":[{\"role\":\"assistant\",\"content\":\"Hello.\"}],"
                + "\"rejected\":[{\"role\":\"assistant\",\"content\":\"Go away.\"}]}");
    assertThat(ExportFormats.sftMessages(List.of(Message.user("a"), Message.assistant("b"))))
        .isEqualTo(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
                + "{\"role\":\"assistant\",\"content\":\"b\"}]}");
  }

  /** The value of a successful outcome. */
  private static <T> T ok(Outcome<T> outcome) {
    assertThat(outcome).isInstanceOf(Outcome.Ok.class);
    return ((Outcome.Ok<T>) outcome).value();
  }
}
