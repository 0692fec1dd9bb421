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

  /**
   * {@code run.max-budget} was spent and the run stopped; committed work stays. Re-run with a
   * larger budget to resume; retrying with the same budget spends it again.
   */
  public static final int MAX_BUDGET_SPENT = 5;

  private ExitCode() {}
}
