package io.sparksdg.pipeline;

import io.sparksdg.model.Message;
import java.io.Serializable;
import java.util.List;

/**
 * A row of the {@code sft} table: a conversation that passed every filter, ending with the
 * assistant's answer, and its scores.
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
    double reward)
    implements Serializable {

  public SftRecord {
    messages = List.copyOf(messages);
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
        s.reward());
  }
}
