package io.sparksdg.config;

/** A mistake in the user's configuration. Its message is one line that says what to fix. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
