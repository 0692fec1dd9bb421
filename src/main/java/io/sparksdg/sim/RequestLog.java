package io.sparksdg.sim;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The last {@code capacity} chat requests received, as (model, messages hash, attempt), kept in
 * primitive arrays that grow on demand so an idle simulator costs almost nothing.
 */
final class RequestLog {

  static final int DEFAULT_CAPACITY = 1_000_000;
  private static final int INITIAL = 1024;

  private final int capacity;
  private final List<String> models = new ArrayList<>();
  private final Map<String, Integer> modelIds = new HashMap<>();
  private long[] hashes = new long[INITIAL * 4];
  private int[] modelIdOf = new int[INITIAL];
  private int[] attempts = new int[INITIAL];
  private long total;

  RequestLog(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
  }

  synchronized void add(String model, String messagesHash, int attempt) {
    int slot;
    if (total < capacity) {
      slot = (int) total;
      if (slot == attempts.length) {
        grow();
      }
    } else {
      slot = (int) (total % capacity);
    }
    byte[] hash = HexFormat.of().parseHex(messagesHash);
    for (int i = 0; i < 4; i++) {
      hashes[slot * 4 + i] = longAt(hash, i * 8);
    }
    modelIdOf[slot] =
        modelIds.computeIfAbsent(
            model,
            m -> {
              models.add(m);
              return models.size() - 1;
            });
    attempts[slot] = attempt;
    total++;
  }

  synchronized int size() {
    return (int) Math.min(total, capacity);
  }

  /** Writes the entries, oldest first, as a JSON array of {model, messagesHash, attempt}. */
  synchronized void writeJson(OutputStream out) throws IOException {
    try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
      json.writeStartArray();
      int size = size();
      long first = total - size;
      byte[] hash = new byte[32];
      for (long n = first; n < total; n++) {
        int slot = (int) (n % capacity);
        for (int i = 0; i < 4; i++) {
          putLong(hash, i * 8, hashes[slot * 4 + i]);
        }
        json.writeStartObject();
        json.writeStringField("model", models.get(modelIdOf[slot]));
        json.writeStringField("messagesHash", HexFormat.of().formatHex(hash));
        json.writeNumberField("attempt", attempts[slot]);
        json.writeEndObject();
      }
      json.writeEndArray();
    }
  }

  private void grow() {
    int length = (int) Math.min((long) attempts.length * 2, capacity);
    hashes = java.util.Arrays.copyOf(hashes, length * 4);
    modelIdOf = java.util.Arrays.copyOf(modelIdOf, length);
    attempts = java.util.Arrays.copyOf(attempts, length);
  }

  private static long longAt(byte[] bytes, int offset) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[offset + i] & 0xff);
    }
    return value;
  }

  private static void putLong(byte[] bytes, int offset, long value) {
    for (int i = 7; i >= 0; i--) {
      bytes[offset + i] = (byte) value;
      value >>>= 8;
    }
  }
}
