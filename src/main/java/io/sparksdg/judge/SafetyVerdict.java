package io.sparksdg.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A safety classifier's verdict on the last turn of a conversation: safe, or unsafe with the
 * categories it names.
 *
 * <p>Two reply shapes are read, case- and whitespace-tolerant: Llama Guard's plain text ({@code
 * safe}, or {@code unsafe} followed by category codes such as {@code S1,S10} on the next line or
 * after a colon), and NVIDIA's content-safety JSON ({@code {"User Safety": "unsafe", "Response
 * Safety": "safe", "Safety Categories": "Violence, ..."}}, also as {@code key: value} lines or
 * inside surrounding text). For a prompt the user rating counts, for a response the response
 * rating; a reply that has not the rating asked for is not a verdict.
 *
 * @param categories what the classifier named, empty when safe
 */
public record SafetyVerdict(boolean safe, List<String> categories) {

  public static final String SAFE = "safe";
  public static final String UNSAFE = "unsafe";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FIRST_WORD = Pattern.compile("^[^\\p{Alnum}]*(\\p{Alpha}+)");
  private static final Pattern KEY_VALUE =
      Pattern.compile("^\\W*([A-Za-z][A-Za-z _-]*?)\\W*[:=]\\s*(.+)$", Pattern.MULTILINE);

  public SafetyVerdict {
    categories = List.copyOf(categories);
  }

  /** {@value #SAFE} or {@value #UNSAFE}. */
  public String label() {
    return safe ? SAFE : UNSAFE;
  }

  /**
   * The verdict in a guard's reply.
   *
   * @param response whether the conversation judged ends with a response (then the response rating
   *     counts) or with the user's prompt
   * @return empty when the reply holds no verdict of the kind asked for
   */
  public static Optional<SafetyVerdict> parse(String reply, boolean response) {
    String text = reply == null ? "" : reply.strip();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> fields = jsonFields(text);
    if (fields.isEmpty()) {
      fields = keyValueFields(text);
    }
    if (!fields.isEmpty()) {
      String rating = fields.get(response ? "responsesafety" : "usersafety");
      if (rating != null) {
        return rated(rating, fields.get("safetycategories"));
      }
      if (fields.containsKey("usersafety") || fields.containsKey("responsesafety")) {
        return Optional.empty(); // the other rating only: not what was asked
      }
    }
    return llamaGuard(text);
  }

  /** Plain text: the first word is the verdict, category codes follow. */
  private static Optional<SafetyVerdict> llamaGuard(String text) {
    Matcher m = FIRST_WORD.matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    String word = m.group(1).toLowerCase(Locale.ROOT);
    if (word.equals(SAFE)) {
      return Optional.of(new SafetyVerdict(true, List.of()));
    }
    if (!word.equals(UNSAFE)) {
      return Optional.empty();
    }
    return Optional.of(new SafetyVerdict(false, categories(text.substring(m.end()))));
  }

  private static Optional<SafetyVerdict> rated(String rating, String categories) {
    Matcher m = FIRST_WORD.matcher(rating);
    if (!m.find()) {
      return Optional.empty();
    }
    return switch (m.group(1).toLowerCase(Locale.ROOT)) {
      case SAFE -> Optional.of(new SafetyVerdict(true, List.of()));
      case UNSAFE ->
          Optional.of(new SafetyVerdict(false, categories(categories == null ? "" : categories)));
      default -> Optional.empty();
    };
  }

  /** Categories split on commas, semicolons and line breaks; codes like {@code s1} upper-cased. */
  static List<String> categories(String text) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String part : text.split("[,;\\n]")) {
      String c = part.strip().replaceAll("^[:\\-*\\s\"'\\[]+|[\\s\"'.\\]]+$", "");
      if (c.isEmpty()) {
        continue;
      }
      out.add(c.matches("(?i)s\\d+") ? c.toUpperCase(Locale.ROOT) : c);
    }
    return new ArrayList<>(out);
  }

  /** The fields of the first JSON object in the text, keys normalized; empty when there is none. */
  private static Map<String, String> jsonFields(String text) {
    int start = text.indexOf('{');
    int end = text.lastIndexOf('}');
    Map<String, String> fields = new HashMap<>();
    if (start < 0 || end <= start) {
      return fields;
    }
    JsonNode node;
    try {
      node = JSON.readTree(text.substring(start, end + 1));
    } catch (IOException e) {
      return fields;
    }
    if (node == null || !node.isObject()) {
      return fields;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      String value;
      if (v.isArray()) {
        List<String> items = new ArrayList<>();
        v.forEach(item -> items.add(item.asText()));
        value = String.join(",", items);
      } else {
        value = v.isNull() ? "" : v.asText();
      }
      fields.put(key(e.getKey()), value);
    }
    return fields;
  }

  /** {@code User Safety: unsafe} lines. */
  private static Map<String, String> keyValueFields(String text) {
    Map<String, String> fields = new HashMap<>();
    Matcher m = KEY_VALUE.matcher(text);
    while (m.find()) {
      fields.putIfAbsent(key(m.group(1)), m.group(2).strip());
    }
    fields.keySet().retainAll(List.of("usersafety", "responsesafety", "safetycategories"));
    return fields;
  }

  private static String key(String raw) {
    return raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
  }
}
