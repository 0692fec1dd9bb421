package io.sparksdg.model.http;

import io.sparksdg.model.ErrorClass;
import java.util.OptionalLong;

/**
 * How one attempt failed.
 *
 * @param status the HTTP status, or 0 when no response arrived
 * @param summary a short description without secrets or bodies: {@code 503 Service Unavailable},
 *     {@code SocketTimeoutException: timeout}, {@code malformed reply: ...}
 * @param serverMessage the server's own error message, already shortened, or null
 * @param cause the exception behind it, or null
 * @param retryAfterMillis the delay the server asked for, if any
 */
record AttemptFailure(
    ErrorClass errorClass,
    int status,
    String summary,
    String serverMessage,
    Throwable cause,
    OptionalLong retryAfterMillis) {}
