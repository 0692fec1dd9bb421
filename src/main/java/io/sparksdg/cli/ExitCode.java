package io.sparksdg.cli;

/** Exit codes, for schedulers: each names what happened and whether a retry can help. */
public final class ExitCode {

  /** Every table written, failures within the error budget. */
  public static final int OK = 0;

  /** A bug or an environment problem; the log has the stack trace. A retry resumes. */
  public static final int FAILURE = 1;

  /** The config or the command line is wrong; nothing ran. Fix it before retrying. */
  public static final int CONFIG = 2;

  /** An endpoint could not be reached before work started. Retry when it is up. */
  public static final int UNREACHABLE = 3;

  /** Tables written, but failures passed the error budget. See the failures table. */
  public static final int BUDGET_EXCEEDED = 4;

  private ExitCode() {}
}
