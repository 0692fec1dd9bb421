package io.sparksdg.records;

import io.sparksdg.model.Message;
import java.io.Serializable;
import java.util.List;

/**
 * A row of the {@code dialogues} table: a multi-turn conversation started from a prompt, the user
 * side played by a model under a persona, scored as a whole by the reward model.
 *
 * @param dialogueId deterministic id of (prompt, persona, models, turns, decoding, index)
 * @param messages the conversation, alternating user and assistant, ending with the assistant
 * @param turns user turns in it
 * @param strippedChars characters of polite filler removed from the generated user turns
 * @param reward the weighted reward of the whole conversation
 * @param kept whether it passed the threshold and joined {@code sft}
 * @param dropReason why not, or null
 * @param promptTokens prompt tokens of all its calls: assistant turns, user turns and the score
 * @param completionTokens completion tokens of all its calls
 * @param costUsd each call at its own endpoint's price, summed; an unpriced endpoint's calls add
 *     nothing, and the cost is null when none of the three endpoints has a price
 */
public record DialogueRecord(
    String dialogueId,
    String promptId,
    String persona,
    List<Message> messages,
    int turns,
    String userModel,
    String assistantModel,
    int strippedChars,
    Double helpfulness,
    Double correctness,
    Double coherence,
    Double complexity,
    Double verbosity,
    double reward,
    String judgeModel,
    boolean kept,
    String dropReason,
    long promptTokens,
    long completionTokens,
    Double costUsd,
    int attempts,
    long latencyMs)
    implements Serializable {

  public static final String SFT_TASK = "dialogue";

  public DialogueRecord {
    messages = List.copyOf(messages);
  }

  /** The SFT row of a kept dialogue: the whole conversation, the assistant model, its scores. */
  public SftRecord toSft() {
    return new SftRecord(
        dialogueId,
        promptId,
        SFT_TASK,
        messages,
        assistantModel,
        helpfulness,
        correctness,
        coherence,
        complexity,
        verbosity,
        reward,
        SftRecord.JUDGE_REWARD_MODEL,
        null,
        null);
  }
}
