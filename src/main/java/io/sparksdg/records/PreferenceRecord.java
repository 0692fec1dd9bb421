package io.sparksdg.records;

import io.sparksdg.model.Message;
import java.io.Serializable;
import java.util.List;

/**
 * A row of the {@code preferences} table: a chosen and a rejected answer to one prompt, with both
 * rewards (RPO's loss uses the gap) and the judge that ranked them.
 *
 * @param margin the reward gap, {@code chosenReward - rejectedReward}; negative when a more trusted
 *     judge (ground truth, verifier, LLM judge) overruled the reward model
 * @param judge {@code ground_truth}, {@code verifier}, {@code reward_model}, {@code llm_judge} or
 *     {@code genrm}
 * @param dpo whether the chosen response meets the strict DPO quality bound
 * @param rpo whether it meets the lenient RPO bound (every kept pair does)
 * @param promptSafety the guard's verdict on the prompt ({@code safe}, {@code unsafe}), or null
 *     when safety screening is off or failed
 * @param chosenSafety the guard's verdict on the chosen response, likewise
 * @param rejectedSafety the guard's verdict on the rejected response, likewise
 * @param chosenReasoning the chosen response's reasoning, or null when it has none
 * @param rejectedReasoning the rejected response's reasoning, or null when it has none
 * @param reasoningMode the reasoning mode both responses were asked in ({@code on}, {@code off}),
 *     or null when none is configured
 */
public record PreferenceRecord(
    String pairId,
    String promptId,
    List<Message> prompt,
    String chosen,
    String rejected,
    double chosenReward,
    double rejectedReward,
    double margin,
    String judge,
    String chosenResponseId,
    String rejectedResponseId,
    String chosenModel,
    String rejectedModel,
    boolean dpo,
    boolean rpo,
    String promptSafety,
    String chosenSafety,
    String rejectedSafety,
    String chosenReasoning,
    String rejectedReasoning,
    String reasoningMode)
    implements Serializable {

  /** Judge label of pairs decided by the guard: a safe response against an unsafe one. */
  public static final String JUDGE_GUARD = "guard";

  /** Judge label of pairs a human reviewer ruled on; it outranks every automatic judge. */
  public static final String JUDGE_HUMAN = "human";

  public PreferenceRecord {
    prompt = List.copyOf(prompt);
  }

  /** A pair without reasoning. */
  public PreferenceRecord(
      String pairId,
      String promptId,
      List<Message> prompt,
      String chosen,
      String rejected,
      double chosenReward,
      double rejectedReward,
      double margin,
      String judge,
      String chosenResponseId,
      String rejectedResponseId,
      String chosenModel,
      String rejectedModel,
      boolean dpo,
      boolean rpo,
      String promptSafety,
      String chosenSafety,
      String rejectedSafety) {
    this(
        pairId,
        promptId,
        prompt,
        chosen,
        rejected,
        chosenReward,
        rejectedReward,
        margin,
        judge,
        chosenResponseId,
        rejectedResponseId,
        chosenModel,
        rejectedModel,
        dpo,
        rpo,
        promptSafety,
        chosenSafety,
        rejectedSafety,
        null,
        null,
        null);
  }
}
