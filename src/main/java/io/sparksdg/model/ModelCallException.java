package io.sparksdg.model;

/**
 * A model call that failed for good: retries exhausted or a status that is not retried. The message
 * never contains a secret or a prompt body.
 */
public final class ModelCallException extends RuntimeException {

  private final ErrorClass errorClass;
  private final int httpStatus;
  private final int attempts;

  /**
   * @param httpStatus the last HTTP status seen, or 0 when no response arrived
   * @param attempts HTTP attempts made for this call
   */
  public ModelCallException(
      ErrorClass errorClass, int httpStatus, int attempts, String message, Throwable cause) {
    super(message, cause);
    this.errorClass = errorClass;
    this.httpStatus = httpStatus;
    this.attempts = attempts;
  }

  public ErrorClass errorClass() {
    return errorClass;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int attempts() {
    return attempts;
  }
}
