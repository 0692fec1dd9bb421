package io.sparksdg.model.http;

/**
 * One key of an endpoint with its own per-minute budgets. Its value goes into the Authorization
 * header and nowhere else: {@link #toString} and {@link #describe} name its position and source.
 */
final class ApiKey {

  private final int position;
  private final int count;
  private final String source;
  private final String value;
  private final RateBudget requests;
  private final RateBudget tokens;
  private volatile boolean retired;

  ApiKey(
      int position,
      int count,
      String source,
      String value,
      RateBudget requests,
      RateBudget tokens) {
    this.position = position;
    this.count = count;
    this.source = source;
    this.value = value;
    this.requests = requests;
    this.tokens = tokens;
  }

  /** {@code key 2 of 3 (api-key-env KEY_B)}; never the value. */
  String describe() {
    return "key " + position + " of " + count + " (" + source + ")";
  }

  int position() {
    return position;
  }

  /** The key itself, or null for an endpoint that takes none. */
  String value() {
    return value;
  }

  RateBudget requests() {
    return requests;
  }

  RateBudget tokens() {
    return tokens;
  }

  boolean retired() {
    return retired;
  }

  void retire() {
    retired = true;
  }

  @Override
  public String toString() {
    return describe();
  }
}
