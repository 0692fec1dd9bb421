package io.sparksdg.model.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.model.ErrorClass;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusMappingTest {

  @ParameterizedTest(name = "{0} is {1}, retryable {2}")
  @CsvSource({
    "429, RATE_LIMITED, true",
    "408, SERVER_ERROR, true",
    "409, SERVER_ERROR, true",
    "500, SERVER_ERROR, true",
    "502, SERVER_ERROR, true",
    "503, SERVER_ERROR, true",
    "504, SERVER_ERROR, true",
    "400, REJECTED, false",
    "422, REJECTED, false",
    "401, AUTH, false",
    "403, AUTH, false",
    "404, NOT_FOUND, false",
    "405, CLIENT_ERROR, false",
    "413, CLIENT_ERROR, false",
    "302, CLIENT_ERROR, false"
  })
  void mapsStatuses(int status, ErrorClass errorClass, boolean retryable) {
    assertThat(StatusMapping.forStatus(status)).isEqualTo(errorClass);
    assertThat(StatusMapping.retryable(errorClass)).isEqualTo(retryable);
  }

  @Test
  void mapsIoFaults() {
    assertThat(StatusMapping.forException(new SocketTimeoutException("Read timed out")))
        .isEqualTo(ErrorClass.TIMEOUT);
    assertThat(StatusMapping.forException(new InterruptedIOException("timeout")))
        .isEqualTo(ErrorClass.TIMEOUT);
    assertThat(StatusMapping.forException(new InterruptedIOException("executor rejected")))
        .isEqualTo(ErrorClass.CONNECTION);
    assertThat(StatusMapping.forException(new ConnectException("refused")))
        .isEqualTo(ErrorClass.CONNECTION);
    assertThat(StatusMapping.forException(new SocketException("Connection reset")))
        .isEqualTo(ErrorClass.CONNECTION);
    assertThat(StatusMapping.forException(new UnknownHostException("nim")))
        .isEqualTo(ErrorClass.CONNECTION);
    assertThat(StatusMapping.forException(new IOException("unexpected end of stream")))
        .isEqualTo(ErrorClass.CONNECTION);
  }

  @Test
  void retriesOnlyTransientClasses() {
    assertThat(StatusMapping.retryable(ErrorClass.TIMEOUT)).isTrue();
    assertThat(StatusMapping.retryable(ErrorClass.CONNECTION)).isTrue();
    assertThat(StatusMapping.retryable(ErrorClass.MALFORMED_RESPONSE)).isTrue();
    assertThat(StatusMapping.retryable(ErrorClass.INTERNAL)).isFalse();
    assertThat(StatusMapping.retryable(ErrorClass.INVALID_INPUT)).isFalse();
  }
}
