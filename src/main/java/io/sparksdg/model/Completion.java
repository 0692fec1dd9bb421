package io.sparksdg.model;

import java.io.Serializable;
import java.util.List;

/**
 * A chat completion: one or more choices, the model that the server says answered, usage and the
 * call's cost in attempts and time.
 */
public record Completion(List<Choice> choices, String model, Usage usage, CallStats stats)
    implements Serializable {

  /**
   * One answer: its text, why the server stopped ({@code stop}, {@code length}, ...) and the
   * model's reasoning, kept apart from the answer.
   *
   * @param text the answer, without any reasoning; empty when the model ran out of tokens while
   *     still reasoning
   * @param reasoning the reasoning the reply carried ({@code reasoning_content} or a leading {@code
   *     <think>} block), or null when none
   */
  public record Choice(String text, String finishReason, String reasoning) implements Serializable {

    /** An answer without reasoning. */
    public Choice(String text, String finishReason) {
      this(text, finishReason, null);
    }
  }

  public Completion {
    choices = List.copyOf(choices);
    if (choices.isEmpty()) {
      throw new IllegalArgumentException("A completion needs at least one choice");
    }
  }

  /** The first choice's text. */
  public String text() {
    return choices.get(0).text();
  }

  public String finishReason() {
    return choices.get(0).finishReason();
  }

  /** The first choice's reasoning, or null. */
  public String reasoning() {
    return choices.get(0).reasoning();
  }
}
