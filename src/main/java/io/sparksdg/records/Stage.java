package io.sparksdg.records;

import java.util.Locale;

/** The pipeline's stages, in order; each writes the table of the same name. */
public enum Stage {
  TOPICS,
  PROMPTS,
  RESPONSES,
  DIALOGUES,
  SCORES,
  SAFETY,
  JUDGEMENTS,
  SFT,
  PREFERENCES;

  /** The table (and {@code failures.stage} value) of this stage. */
  public String table() {
    return name().toLowerCase(Locale.ROOT);
  }
}
