package io.sparksdg.records;

/** The model answered, but what it wrote cannot be used; the raw text travels to failures. */
public final class UnusableOutputException extends RuntimeException {

  private final String raw;
  private final int attempts;

  public UnusableOutputException(String message, String raw, int attempts) {
    super(message);
    this.raw = raw;
    this.attempts = attempts;
  }

  public String raw() {
    return raw;
  }

  public int attempts() {
    return attempts;
  }
}
