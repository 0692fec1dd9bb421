package io.sparksdg.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The wire format an endpoint speaks. */
public enum EndpointKind {
  /** An OpenAI-compatible chat completion endpoint. */
  CHAT,
  /**
   * A reward model behind a NIM that returns its attribute scores as logprobs, as
   * Nemotron-4-340B-Reward does; the one-number {@code reward:<float>} reply is parsed too.
   */
  NEMOTRON_REWARD,
  /**
   * A safety classifier behind an OpenAI-compatible chat endpoint (a Llama Guard style model, or
   * NVIDIA's content-safety NIM): it reads a conversation and answers safe or unsafe with
   * categories.
   */
  GUARD;

  @JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @JsonCreator
  public static EndpointKind fromKey(String key) {
    for (EndpointKind kind : values()) {
      if (kind.key().equals(key)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown endpoint kind '"
            + key
            + "'; use one of "
            + Arrays.stream(values()).map(EndpointKind::key).collect(Collectors.joining(", ")));
  }
}
