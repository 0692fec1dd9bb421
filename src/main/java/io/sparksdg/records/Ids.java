package io.sparksdg.records;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic row ids: the first 128 bits of SHA-256 over the canonical inputs, in hex. The same
 * inputs give the same id in every run, on every executor, which is what lets a re-run skip rows
 * already committed and keeps Spark's retries from creating a second row.
 */
public final class Ids {

  private Ids() {}

  public static String of(Object... parts) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (Object part : parts) {
      String text = String.valueOf(part);
      sha.update(Integer.toString(text.length()).getBytes(StandardCharsets.UTF_8));
      sha.update((byte) ':');
      sha.update(text.getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(sha.digest(), 0, 16);
  }
}
