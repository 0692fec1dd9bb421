package io.sparksdg.stages.prompts;

import io.sparksdg.model.ChatClient;
import io.sparksdg.model.Message;
import io.sparksdg.model.Sampling;
import io.sparksdg.prompts.PromptTemplate;
import io.sparksdg.prompts.instructions.Combination;
import io.sparksdg.prompts.instructions.InstructionRegistry;
import io.sparksdg.prompts.instructions.VerifiableInstruction;
import io.sparksdg.records.Ids;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.SamplingKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * The two multi-message variants of the instruction-following family. Requests per topic are listed
 * with the {@code instruction-prompts} template, then each becomes a three-message prompt (user,
 * assistant, user) whose final user turn the response must answer while following 1 to 3 verifiable
 * instructions, stored as JSON in {@code instructions} like the single-turn family:
 *
 * <ul>
 *   <li>{@link Variant#MULTI_TURN}: the first user turn states the instructions for the whole
 *       conversation; the generator answers it, then writes the user's follow-up; the instructions
 *       still govern the answer to that follow-up.
 *   <li>{@link Variant#SECOND_TURN}: the first user turn is the bare request; the generator answers
 *       it, and the second user turn asks to revise that answer to follow the instructions.
 * </ul>
 *
 * {@code combination:repeat_prompt} is never chosen here: with several user turns it is unclear
 * which request the answer should repeat.
 */
public final class InstructionTurnsStage extends FamilyStage {

  /** The two variants, with their task names. */
  public enum Variant {
    MULTI_TURN("instruction_following_multi_turn"),
    SECOND_TURN("instruction_following_second_turn");

    private final String task;

    Variant(String task) {
      this.task = task;
    }

    public String task() {
      return task;
    }
  }

  private final Variant variant;
  private final PromptTemplate requests;
  private final PromptTemplate followUp;
  private final int minInstructions;
  private final int maxInstructions;

  /**
   * @param template the variant's own template: {@code instruction-multi-turn} (placeholders {@code
   *     request}, {@code instructions}) or {@code instruction-second-turn} ({@code instructions})
   * @param requests the template that lists requests about a topic ({@code instruction-prompts})
   * @param followUp the template that writes the user's follow-up ({@code two-turn-followup}); used
   *     by the multi-turn variant only
   */
  public InstructionTurnsStage(
      Variant variant,
      PromptTemplate template,
      PromptTemplate requests,
      PromptTemplate followUp,
      String model,
      Sampling sampling,
      int perTopic,
      int minInstructions,
      int maxInstructions,
      long runSeed) {
    super(variant.task(), template, model, sampling, perTopic, runSeed);
    if (minInstructions < 1 || maxInstructions < minInstructions) {
      throw new IllegalArgumentException(
          "Instruction counts must satisfy 1 <= min <= max, got "
              + minInstructions
              + " and "
              + maxInstructions);
    }
    this.variant = variant;
    this.requests = requests;
    this.followUp = followUp;
    this.minInstructions = minInstructions;
    this.maxInstructions = maxInstructions;
  }

  @Override
  public String requestId(FamilyRequest r) {
    return Ids.of(
        super.requestId(r),
        requests.id(),
        requests.version(),
        followUp.id(),
        followUp.version(),
        minInstructions,
        maxInstructions);
  }

  @Override
  CompletableFuture<List<Outcome<PromptRecord>>> generate(FamilyRequest r, ChatClient client) {
    String text = requests.render(Map.of("n", count, "topic", r.topic()));
    return list(r.workId(), text, "requests", count, client)
        .thenCompose(
            listed -> {
              List<CompletableFuture<PromptRecord>> prompts = new ArrayList<>();
              for (int i = 0; i < listed.items().size(); i++) {
                prompts.add(conversation(r, i, listed.items().get(i), client));
              }
              return CompletableFuture.allOf(prompts.toArray(CompletableFuture[]::new))
                  .thenApply(
                      done ->
                          prompts.stream()
                              .map(p -> Outcome.ok(p.join()))
                              .<Outcome<PromptRecord>>map(o -> o)
                              .toList());
            });
  }

  /** One request's three messages and its prompt row. */
  private CompletableFuture<PromptRecord> conversation(
      FamilyRequest r, int index, String request, ChatClient client) {
    List<VerifiableInstruction> chosen = instructions(r.workId(), index);
    String rendered = InstructionRegistry.render(chosen);
    String json = InstructionRegistry.toJson(chosen);
    String promptId = Ids.of(r.workId(), index, request);
    String callId = r.workId() + "/" + index;
    if (variant == Variant.SECOND_TURN) {
      return text(callId + "/answer", List.of(Message.user(request)), client)
          .thenApply(
              answer ->
                  prompt(
                      promptId,
                      List.of(
                          Message.user(request),
                          Message.assistant(answer.text()),
                          Message.user(template.render(Map.of("instructions", rendered)))),
                      r,
                      r.leafTopicId(),
                      answer.model(),
                      answer.seed(),
                      null,
                      json));
    }
    String first = template.render(Map.of("request", request, "instructions", rendered));
    return text(callId + "/answer", List.of(Message.user(first)), client)
        .thenCompose(
            answer ->
                text(
                        callId + "/follow-up",
                        List.of(
                            Message.user(
                                followUp.render(
                                    Map.of("question", request, "answer", answer.text())))),
                        client)
                    .thenApply(
                        second ->
                            prompt(
                                promptId,
                                List.of(
                                    Message.user(first),
                                    Message.assistant(answer.text()),
                                    Message.user(second.text())),
                                r,
                                r.leafTopicId(),
                                second.model(),
                                second.seed(),
                                null,
                                json)));
  }

  /** The instructions for one listed request, the same in every run; never repeat_prompt. */
  List<VerifiableInstruction> instructions(String requestId, int index) {
    Random rnd = new Random(SamplingKey.seed(runSeed, requestId, index, "instructions"));
    int k = minInstructions + rnd.nextInt(maxInstructions - minInstructions + 1);
    List<VerifiableInstruction> chosen = List.of();
    for (int tries = 0; tries < 20; tries++) {
      chosen = InstructionRegistry.randomSet(rnd, k);
      if (chosen.stream().noneMatch(i -> i.id().equals(Combination.RepeatPrompt.ID))) {
        return chosen;
      }
    }
    return chosen.stream().filter(i -> !i.id().equals(Combination.RepeatPrompt.ID)).toList();
  }
}
