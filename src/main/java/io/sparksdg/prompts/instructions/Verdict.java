package io.sparksdg.prompts.instructions;

import java.util.Objects;

/**
 * Whether a response follows a verifiable instruction. A failure carries the reason in words a data
 * engineer can act on ("found 3 paragraphs, expected exactly 4"), so a filtered record can say why
 * it was dropped.
 */
public sealed interface Verdict permits Verdict.Pass, Verdict.Fail {

  /** The response follows the instruction. */
  record Pass() implements Verdict {}

  /** The response does not follow the instruction, and why. */
  record Fail(String reason) implements Verdict {
    public Fail {
      Objects.requireNonNull(reason, "reason");
      if (reason.isBlank()) {
        throw new IllegalArgumentException("A failed verdict needs a reason");
      }
    }
  }

  static Verdict pass() {
    return new Pass();
  }

  static Verdict fail(String reason) {
    return new Fail(reason);
  }

  /** Passes when {@code ok}, else fails with {@code reason}, formatted with {@code args}. */
  static Verdict when(boolean ok, String reason, Object... args) {
    return ok ? pass() : fail(String.format(java.util.Locale.ROOT, reason, args));
  }

  default boolean passed() {
    return this instanceof Pass;
  }
}
