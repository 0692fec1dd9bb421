package io.sparksdg.report;

import java.util.Map;

/**
 * The multi-turn dialogues of the {@code dialogues} table.
 *
 * @param dialogues dialogues made
 * @param kept those that passed the reward threshold and joined {@code sft}
 * @param byPersona dialogues per user persona, most first
 * @param dropReasons dialogues not kept, per reason, most first
 * @param reward the weighted reward of the whole conversations
 */
public record DialogueFigures(
    long dialogues,
    long kept,
    Map<String, Long> byPersona,
    Map<String, Long> dropReasons,
    Distribution reward) {

  public DialogueFigures {
    byPersona = RunReport.ordered(byPersona);
    dropReasons = RunReport.ordered(dropReasons);
  }

  static DialogueFigures none() {
    return new DialogueFigures(0, 0, Map.of(), Map.of(), Distribution.empty("reward"));
  }
}
