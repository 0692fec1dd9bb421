package io.sparksdg.pipeline;

import io.sparksdg.model.Message;
import java.io.Serializable;
import java.util.List;

/**
 * A row of the {@code preferences} table: a chosen and a rejected answer to one prompt, with both
 * rewards (RPO's loss uses the gap) and the judge that ranked them.
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
    String rejectedModel)
    implements Serializable {

  public PreferenceRecord {
    prompt = List.copyOf(prompt);
  }
}
