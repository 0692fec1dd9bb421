package io.sparksdg.model;

import java.io.Serializable;
import java.util.List;

/**
 * A chat completion: one or more choices, the model that the server says answered, usage and the
 * call's cost in attempts and time.
 */
public record Completion(List<Choice> choices, String model, Usage usage, CallStats stats)
    implements Serializable {

  /** One answer: its text and why the server stopped ({@code stop}, {@code length}, ...). */
  public record Choice(String text, String finishReason) implements Serializable {}

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
}
