package io.sparksdg.records;

import io.sparksdg.model.ErrorClass;
import io.sparksdg.model.ModelCallException;
import java.io.Serializable;

/**
 * A record that could not be completed, as written to the {@code failures} table.
 *
 * @param recordId the id of the input record that failed (a prompt, response or topic id)
 * @param promptId the prompt it belongs to, or null when there is none (a topic)
 * @param stage the stage's table name
 * @param errorClass the {@link ErrorClass} label
 * @param httpStatus the last HTTP status, or 0 when none applies
 * @param attempts HTTP attempts made, 0 for input that never reached a model
 * @param message what went wrong, without secrets or prompt bodies
 * @param raw the model's unusable output, when that is the reason; otherwise null
 */
public record FailureRecord(
    String recordId,
    String promptId,
    String stage,
    String errorClass,
    int httpStatus,
    int attempts,
    String message,
    String raw)
    implements Serializable {

  public static FailureRecord of(String recordId, String promptId, Stage stage, Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof ModelCallException e) {
      return new FailureRecord(
          recordId,
          promptId,
          stage.table(),
          e.errorClass().label(),
          e.httpStatus(),
          e.attempts(),
          e.getMessage(),
          null);
    }
    if (cause instanceof UnusableOutputException e) {
      return new FailureRecord(
          recordId,
          promptId,
          stage.table(),
          ErrorClass.UNUSABLE_OUTPUT.label(),
          200,
          e.attempts(),
          e.getMessage(),
          e.raw());
    }
    return new FailureRecord(
        recordId,
        promptId,
        stage.table(),
        ErrorClass.INTERNAL.label(),
        0,
        0,
        cause.getClass().getSimpleName() + ": " + cause.getMessage(),
        null);
  }

  public static FailureRecord invalidInput(
      String recordId, String promptId, Stage stage, String message) {
    return new FailureRecord(
        recordId, promptId, stage.table(), ErrorClass.INVALID_INPUT.label(), 0, 0, message, null);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof java.util.concurrent.CompletionException
            || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
