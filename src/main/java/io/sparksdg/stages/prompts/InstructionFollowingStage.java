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
 * The instruction-following family: a generated request about a topic plus 1 to 3 randomly chosen,
 * mutually compatible verifiable instructions appended to it. The instructions are stored on the
 * row as JSON ({@code instructions}) so a verifier can check responses later. The choice is seeded
 * by the prompt's identity, so a re-run picks the same instructions.
 */
public final class InstructionFollowingStage extends FamilyStage {

  public static final String TASK = "instruction_following";

  private final int minInstructions;
  private final int maxInstructions;

  public InstructionFollowingStage(
      PromptTemplate template,
      String model,
      Sampling sampling,
      int perTopic,
      int minInstructions,
      int maxInstructions,
      long runSeed) {
    super(TASK, template, model, sampling, perTopic, runSeed);
    if (minInstructions < 1 || maxInstructions < minInstructions) {
      throw new IllegalArgumentException(
          "Instruction counts must satisfy 1 <= min <= max, got "
              + minInstructions
              + " and "
              + maxInstructions);
    }
    this.minInstructions = minInstructions;
    this.maxInstructions = maxInstructions;
  }

  @Override
  public String requestId(FamilyRequest r) {
    return Ids.of(super.requestId(r), minInstructions, maxInstructions);
  }

  @Override
  CompletableFuture<List<Outcome<PromptRecord>>> generate(FamilyRequest r, ChatClient client) {
    String text = template.render(Map.of("n", count, "topic", r.topic()));
    return list(r.workId(), text, "requests", count, client)
        .thenApply(
            listed -> {
              List<Outcome<PromptRecord>> rows = new ArrayList<>();
              for (int i = 0; i < listed.items().size(); i++) {
                String request = listed.items().get(i);
                List<VerifiableInstruction> chosen = instructions(r.workId(), i, request);
                String prompt = request + "\n\n" + InstructionRegistry.render(chosen);
                rows.add(
                    Outcome.ok(
                        prompt(
                            Ids.of(r.workId(), i, request),
                            List.of(Message.user(prompt)),
                            r,
                            r.leafTopicId(),
                            listed.model(),
                            listed.seed(),
                            null,
                            InstructionRegistry.toJson(chosen))));
              }
              return rows;
            });
  }

  /** The instructions for one request, the same in every run. */
  List<VerifiableInstruction> instructions(String requestId, int index, String request) {
    Random rnd = new Random(SamplingKey.seed(runSeed, requestId, index, "instructions"));
    int k = minInstructions + rnd.nextInt(maxInstructions - minInstructions + 1);
    List<VerifiableInstruction> chosen = new ArrayList<>();
    for (VerifiableInstruction instruction : InstructionRegistry.randomSet(rnd, k)) {
      // The request to repeat is this prompt's own request, not a sample one.
      chosen.add(
          instruction.id().equals(Combination.RepeatPrompt.ID)
              ? InstructionRegistry.create(
                  Combination.RepeatPrompt.ID, Map.of("prompt_to_repeat", request))
              : instruction);
    }
    return chosen;
  }
}
