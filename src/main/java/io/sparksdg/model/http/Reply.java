package io.sparksdg.model.http;

import io.sparksdg.model.CallStats;
import io.sparksdg.model.Usage;

/** A parsed reply and the token usage the server reported with it. */
record Reply<T>(T value, Usage usage) {

  /** Turns a 2xx body into a value; pure apart from the stats it is handed. */
  @FunctionalInterface
  interface Reader<T> {
    Reply<T> read(String body, CallStats stats) throws MalformedReplyException;
  }
}
