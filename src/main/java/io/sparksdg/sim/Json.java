package io.sparksdg.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The simulator's JSON mapper, canonical JSON and hashing, shared by its classes. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** The node with every object's fields sorted by name, so equal content serializes equally. */
  static JsonNode canonical(JsonNode node) {
    if (node == null) {
      return JsonNodeFactory.instance.nullNode();
    }
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      ObjectNode sorted = JsonNodeFactory.instance.objectNode();
      for (String name : names) {
        sorted.set(name, canonical(node.get(name)));
      }
      return sorted;
    }
    if (node.isArray()) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode(node.size());
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        array.add(canonical(it.next()));
      }
      return array;
    }
    return node;
  }

  /** SHA-256 of the node's canonical compact serialization. */
  static byte[] sha256(JsonNode node) {
    return sha256(bytes(canonical(node)));
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  static byte[] sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  static String hex(byte[] hash) {
    return HexFormat.of().formatHex(hash);
  }

  /** The first eight bytes of a hash as a long, for seeding generators. */
  static long seedOf(byte[] hash) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (hash[i] & 0xff);
    }
    return value;
  }

  /** A well-mixed 64-bit value from several longs (SplitMix64 finalizer over a running sum). */
  static long mix(long... values) {
    long h = 0x9E3779B97F4A7C15L;
    for (long value : values) {
      h += value * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
      h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
      h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
      h ^= h >>> 31;
    }
    return h;
  }

  static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not serialize a simulator reply", e);
    }
  }

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /** An OpenAI-style error body: {@code {"error": {"message": ..., "type": ...}}}. */
  static byte[] error(String message, String type) {
    ObjectNode error = object();
    error.put("message", message);
    error.put("type", type);
    return bytes(Map.of("error", error));
  }
}
