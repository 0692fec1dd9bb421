package io.sparksdg.model;

/**
 * Why a record failed, as written to the {@code failures} table's {@code error_class} column.
 * Whether a class is retried is decided in one place, {@code model.http.StatusMapping}.
 */
public enum ErrorClass {
  /** 429 Too Many Requests. */
  RATE_LIMITED,
  /** 5xx, 408 or 409. */
  SERVER_ERROR,
  /** Connect, read or whole-call timeout. */
  TIMEOUT,
  /** Refused, reset or otherwise broken connection, DNS failure. */
  CONNECTION,
  /** A 200 whose body could not be parsed as the expected reply. */
  MALFORMED_RESPONSE,
  /** 400 or 422: the server rejected this request; retrying will not help. */
  REJECTED,
  /** 401 or 403: the key is missing, wrong or lacks the right. */
  AUTH,
  /** 404: wrong URL or model name. */
  NOT_FOUND,
  /** Any other 4xx. */
  CLIENT_ERROR,
  /** The model answered, but its output could not be used (wrong list length, bad JSON...). */
  UNUSABLE_OUTPUT,
  /** The input record itself is bad (empty prompt, missing id, duplicate id...). */
  INVALID_INPUT,
  /** A bug or an unexpected exception. */
  INTERNAL;

  /** The lower-case name written to tables. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
