package io.sparksdg.prompts.instructions;

import java.util.Arrays;

/**
 * How a counted quantity must compare with a threshold. The wire values are IFEval's ("less than",
 * "at least"), so stored parameters stay comparable with its reference checker.
 */
public enum Relation {
  LESS_THAN("less than", "fewer than"),
  AT_LEAST("at least", "at least");

  private final String wire;
  private final String words;

  Relation(String wire, String words) {
    this.wire = wire;
    this.words = words;
  }

  /** The value stored in instruction parameters: {@code "less than"} or {@code "at least"}. */
  public String wire() {
    return wire;
  }

  /** The relation as it reads in an instruction phrase ("fewer than 5"). */
  String words() {
    return words;
  }

  boolean holds(int actual, int threshold) {
    return this == LESS_THAN ? actual < threshold : actual >= threshold;
  }

  /** Parses a wire value; throws with the accepted values when it is neither. */
  public static Relation parse(String wire) {
    return Arrays.stream(values())
        .filter(r -> r.wire.equals(wire))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Unknown relation '" + wire + "': use 'less than' or 'at least'"));
  }
}
