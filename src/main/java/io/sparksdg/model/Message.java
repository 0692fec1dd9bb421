package io.sparksdg.model;

import java.io.Serializable;
import java.util.Objects;

/** One chat message: a role ({@code system}, {@code user} or {@code assistant}) and its text. */
public record Message(String role, String content) implements Serializable {

  public Message {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
  }

  public static Message system(String content) {
    return new Message("system", content);
  }

  public static Message user(String content) {
    return new Message("user", content);
  }

  public static Message assistant(String content) {
    return new Message("assistant", content);
  }
}
