package io.sparksdg.judge;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An LLM judge's answer to the pairwise question: which of two responses, shown as "A" and "B", is
 * better. The judge is asked twice with the two responses swapped; only a verdict that survives the
 * swap counts, since judges favour a position.
 */
public enum PairwiseVerdict {
  /** The response shown first. */
  A,
  /** The response shown second. */
  B,
  TIE;

  private static final Pattern BRACKETED = Pattern.compile("\\[\\[\\s*(A|B|C|TIE)\\s*]]");
  private static final Pattern WORDED =
      Pattern.compile(
          "(?:verdict|better response|winner)\\s*(?:is|:)\\s*\\**\\s*(?:response\\s+)?(A|B|tie)\\b",
          Pattern.CASE_INSENSITIVE);

  /** The verdict in a judge's reply: its last {@code [[A]]}, {@code [[B]]} or {@code [[C]]}. */
  public static Optional<PairwiseVerdict> parse(String reply) {
    String text = reply == null ? "" : reply;
    String found = null;
    Matcher m = BRACKETED.matcher(text.toUpperCase(Locale.ROOT));
    while (m.find()) {
      found = m.group(1);
    }
    if (found == null) {
      Matcher w = WORDED.matcher(text);
      while (w.find()) {
        found = w.group(1).toUpperCase(Locale.ROOT);
      }
    }
    if (found == null) {
      return Optional.empty();
    }
    return Optional.of(
        switch (found) {
          case "A" -> A;
          case "B" -> B;
          default -> TIE;
        });
  }

  /** The same verdict seen from the other order of the two responses. */
  public PairwiseVerdict swapped() {
    return switch (this) {
      case A -> B;
      case B -> A;
      case TIE -> TIE;
    };
  }

  /**
   * The verdict on (a, b) from the two asks: {@code first} with a shown first, {@code second} with
   * b shown first (as the judge said it, positions not yet mapped back). Empty when they disagree.
   */
  public static Optional<PairwiseVerdict> consistent(
      PairwiseVerdict first, PairwiseVerdict second) {
    PairwiseVerdict mapped = second.swapped();
    return first == mapped ? Optional.of(first) : Optional.empty();
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
