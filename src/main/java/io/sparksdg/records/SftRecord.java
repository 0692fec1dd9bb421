package io.sparksdg.records;

import io.sparksdg.model.Message;
import java.io.Serializable;
import java.util.List;

/**
 * A row of the {@code sft} table: a conversation that passed every filter, ending with the
 * assistant's answer, and its scores.
 *
 * @param judge what let it in: {@code reward_model} (the quality filter) or {@code human} (a
 *     reviewer's verdict, which outranks the filter)
 * @param promptSafety the guard's verdict on the prompt ({@code safe}, {@code unsafe}), or null
 *     when safety screening is off or failed
 * @param responseSafety the guard's verdict on the response, likewise
 * @param reasoning the reasoning behind the last assistant message, or null when it has none
 * @param reasoningMode the reasoning mode the response was asked in ({@code on}, {@code off}), or
 *     null when none is configured
 */
public record SftRecord(
    String responseId,
    String promptId,
    String task,
    List<Message> messages,
    String model,
    Double helpfulness,
    Double correctness,
    Double coherence,
    Double complexity,
    Double verbosity,
    double reward,
    String judge,
    String promptSafety,
    String responseSafety,
    String reasoning,
    String reasoningMode)
    implements Serializable {

  public static final String JUDGE_REWARD_MODEL = "reward_model";

  public SftRecord {
    messages = List.copyOf(messages);
  }

  /** A row without reasoning. */
  public SftRecord(
      String responseId,
      String promptId,
      String task,
      List<Message> messages,
      String model,
      Double helpfulness,
      Double correctness,
      Double coherence,
      Double complexity,
      Double verbosity,
      double reward,
      String judge,
      String promptSafety,
      String responseSafety) {
    this(
        responseId,
        promptId,
        task,
        messages,
        model,
        helpfulness,
        correctness,
        coherence,
        complexity,
        verbosity,
        reward,
        judge,
        promptSafety,
        responseSafety,
        null,
        null);
  }

  /** This row with the guard's verdicts. */
  public SftRecord withSafety(String prompt, String response) {
    return new SftRecord(
        responseId,
        promptId,
        task,
        messages,
        model,
        helpfulness,
        correctness,
        coherence,
        complexity,
        verbosity,
        reward,
        judge,
        prompt,
        response,
        reasoning,
        reasoningMode);
  }

  public static SftRecord of(ScoredResponse r) {
    List<Message> conversation = new java.util.ArrayList<>(r.prompt().messages());
    conversation.add(Message.assistant(r.response().text()));
    ScoreRecord s = r.score();
    return new SftRecord(
        r.response().responseId(),
        r.prompt().promptId(),
        r.prompt().task(),
        conversation,
        r.response().model(),
        s.helpfulness(),
        s.correctness(),
        s.coherence(),
        s.complexity(),
        s.verbosity(),
        s.reward(),
        JUDGE_REWARD_MODEL,
        null,
        null,
        r.response().reasoning(),
        r.response().reasoningMode());
  }
}
