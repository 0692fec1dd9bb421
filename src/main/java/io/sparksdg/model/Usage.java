package io.sparksdg.model;

import java.io.Serializable;

/** Token usage as the server reported it; zero where the server left it out. */
public record Usage(long promptTokens, long completionTokens) implements Serializable {

  public static final Usage NONE = new Usage(0, 0);

  public long totalTokens() {
    return promptTokens + completionTokens;
  }
}
