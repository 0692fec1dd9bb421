package io.sparksdg.model.http;

import io.sparksdg.model.ErrorClass;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.EnumSet;
import java.util.Set;

/**
 * The one place that decides which error class an HTTP status or I/O fault is and whether to retry
 * it.
 */
final class StatusMapping {

  private static final Set<ErrorClass> RETRYABLE =
      EnumSet.of(
          ErrorClass.RATE_LIMITED,
          ErrorClass.SERVER_ERROR,
          ErrorClass.TIMEOUT,
          ErrorClass.CONNECTION,
          ErrorClass.MALFORMED_RESPONSE);

  private StatusMapping() {}

  /** The error class of a non-2xx status. */
  static ErrorClass forStatus(int status) {
    if (status == 429) {
      return ErrorClass.RATE_LIMITED;
    }
    if (status == 408 || status == 409 || status >= 500) {
      return ErrorClass.SERVER_ERROR;
    }
    if (status == 400 || status == 422) {
      return ErrorClass.REJECTED;
    }
    if (status == 401 || status == 403) {
      return ErrorClass.AUTH;
    }
    if (status == 404) {
      return ErrorClass.NOT_FOUND;
    }
    // other 4xx, and 3xx: redirects are not followed, since following one would turn a POST into a
    // GET
    return ErrorClass.CLIENT_ERROR;
  }

  /** The error class of an attempt that ended without a usable response. */
  static ErrorClass forException(IOException e) {
    // OkHttp reports read/connect timeouts as SocketTimeoutException and a call timeout as an
    // InterruptedIOException("timeout")
    if (e instanceof SocketTimeoutException
        || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()))) {
      return ErrorClass.TIMEOUT;
    }
    return ErrorClass.CONNECTION;
  }

  static boolean retryable(ErrorClass errorClass) {
    return RETRYABLE.contains(errorClass);
  }
}
