package io.sparksdg.records;

import java.io.Serializable;

/**
 * What became of one unit of work: a row for the stage's table, or a row for {@code failures}.
 * Every input record ends in exactly one of the two.
 */
public sealed interface Outcome<T> extends Serializable permits Outcome.Ok, Outcome.Failed {

  record Ok<T>(T value) implements Outcome<T> {}

  record Failed<T>(FailureRecord failure) implements Outcome<T> {}

  static <T> Outcome<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> Outcome<T> failed(FailureRecord failure) {
    return new Failed<>(failure);
  }
}
