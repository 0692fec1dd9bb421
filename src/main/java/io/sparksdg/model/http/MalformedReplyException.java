package io.sparksdg.model.http;

/**
 * A 2xx reply whose body is not the expected shape. The message describes the shape only, never the
 * body's text.
 */
final class MalformedReplyException extends Exception {

  MalformedReplyException(String message) {
    super(message);
  }
}
