package io.sparksdg.config;

/** Argument checks for config records that fail with a {@link ConfigException}. */
final class Checks {

  private Checks() {}

  static void require(boolean condition, String message, Object... args) {
    if (!condition) {
      throw new ConfigException(args.length == 0 ? message : String.format(message, args));
    }
  }
}
