package io.sparksdg.judge.code;

import java.io.Serializable;
import java.util.Set;

/**
 * What running a response's code against its prompt's tests said.
 *
 * @param passed whether every test passed
 * @param reason {@code passed}, or why not: {@code tests-failed} (an assertion of the tests),
 *     {@code error} (a syntax error, an exception, an exit before the tests finished), {@code
 *     timeout}, {@code memory}, {@code no-code} (the response holds no code), {@code no-tests} (the
 *     prompt carries none), {@code sandbox} (the sandbox itself could not run it)
 * @param detail one short line: the failing assertion or the exception, trimmed; empty when passed
 */
public record CodeVerdict(boolean passed, String reason, String detail) implements Serializable {

  public static final String PASSED = "passed";
  public static final String TESTS_FAILED = "tests-failed";
  public static final String ERROR = "error";
  public static final String TIMEOUT = "timeout";
  public static final String MEMORY = "memory";
  public static final String SANDBOX_VIOLATION = "sandbox-violation";
  public static final String NO_CODE = "no-code";
  public static final String NO_TESTS = "no-tests";
  public static final String SANDBOX = "sandbox";

  static final Set<String> REASONS =
      Set.of(
          PASSED,
          TESTS_FAILED,
          ERROR,
          TIMEOUT,
          MEMORY,
          SANDBOX_VIOLATION,
          NO_CODE,
          NO_TESTS,
          SANDBOX);
  static final int MAX_DETAIL = 200;

  public CodeVerdict {
    if (!REASONS.contains(reason)) {
      throw new IllegalArgumentException("Unknown code verdict reason '" + reason + "'");
    }
    if (passed != reason.equals(PASSED)) {
      throw new IllegalArgumentException("A verdict passes exactly when its reason is 'passed'");
    }
    detail = trim(detail);
  }

  static CodeVerdict pass() {
    return new CodeVerdict(true, PASSED, "");
  }

  static CodeVerdict fail(String reason, String detail) {
    return new CodeVerdict(false, reason, detail);
  }

  /** {@code passed}, or the reason and detail as one line: {@code tests-failed: AssertionError}. */
  public String summary() {
    return passed || detail.isEmpty() ? reason : reason + ": " + detail;
  }

  private static String trim(String detail) {
    if (detail == null) {
      return "";
    }
    String line = detail.strip();
    int nl = line.indexOf('\n');
    line = nl < 0 ? line : line.substring(0, nl).strip();
    return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL - 3) + "...";
  }
}
