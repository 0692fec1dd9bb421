package io.sparksdg.prompts.instructions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Typed, validated access to an instruction's parameter map, with messages naming the id. */
final class Params {

  private final String id;
  private final Map<String, Object> values;

  Params(String id, Map<String, Object> values) {
    this.id = id;
    this.values = values == null ? Map.of() : values;
  }

  /** Rejects keys the instruction does not know, so a typo does not pass silently. */
  Params only(String... keys) {
    Set<String> known = Set.of(keys);
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            String.format(
                "Instruction '%s' has no parameter '%s': it takes %s", id, key, List.of(keys)));
      }
    }
    return this;
  }

  int integer(String key, int min, int max) {
    Object value = require(key);
    int n;
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      n = ((Number) value).intValue();
    } else if (value instanceof String s && s.strip().matches("-?\\d{1,9}")) {
      n = Integer.parseInt(s.strip());
    } else {
      throw bad(key, "an integer", value);
    }
    if (n < min || n > max) {
      throw bad(key, "an integer from " + min + " to " + max, value);
    }
    return n;
  }

  String string(String key) {
    Object value = require(key);
    if (!(value instanceof String s) || s.isBlank()) {
      throw bad(key, "a non-blank string", value);
    }
    return s;
  }

  List<String> strings(String key) {
    Object value = require(key);
    if (!(value instanceof List<?> list) || list.isEmpty()) {
      throw bad(key, "a non-empty list of strings", value);
    }
    List<String> out = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof String s) || s.isBlank()) {
        throw bad(key, "a non-empty list of strings", value);
      }
      out.add(s);
    }
    return List.copyOf(out);
  }

  Relation relation(String key) {
    try {
      return Relation.parse(string(key));
    } catch (IllegalArgumentException e) {
      throw bad(key, "'less than' or 'at least'", values.get(key));
    }
  }

  private Object require(String key) {
    Object value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException(
          String.format("Instruction '%s' needs parameter '%s'", id, key));
    }
    return value;
  }

  private IllegalArgumentException bad(String key, String expected, Object value) {
    return new IllegalArgumentException(
        String.format(
            "Instruction '%s' needs parameter '%s' to be %s, got: %s", id, key, expected, value));
  }

  /** An ordered, unmodifiable map from alternating keys and values. */
  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(m);
  }
}
