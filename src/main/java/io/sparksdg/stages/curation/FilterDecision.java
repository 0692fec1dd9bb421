package io.sparksdg.stages.curation;

/** Whether a scored response enters the SFT table, and if not, why. */
public sealed interface FilterDecision permits FilterDecision.Keep, FilterDecision.Drop {

  record Keep() implements FilterDecision {}

  record Drop(String reason) implements FilterDecision {}

  FilterDecision KEEP = new Keep();
}
