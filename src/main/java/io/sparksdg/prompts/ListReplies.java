package io.sparksdg.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks for lists in a form models can be held to, and reads them back leniently.
 *
 * <p>The request carries a JSON schema ({@code {"<field>": [n strings]}}), which NIM, vLLM and
 * llama.cpp enforce with constrained decoding. Servers that ignore it still often answer in JSON,
 * JSON inside prose, or a numbered or bulleted list; all are read. The result is then held to the
 * recipe's checks: at least {@code n} distinct, non-empty items.
 */
public final class ListReplies {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ITEM =
      Pattern.compile("^\\s*(?:\\d+[.):]|[-*•]|\\(\\d+\\))\\s+(.+?)\\s*$", Pattern.MULTILINE);

  private ListReplies() {}

  /** The JSON schema of an object whose {@code field} is an array of exactly {@code n} strings. */
  public static String schema(String field, int n) {
    ObjectNode items = JsonNodeFactory.instance.objectNode().put("type", "string");
    ObjectNode array =
        JsonNodeFactory.instance
            .objectNode()
            .put("type", "array")
            .put("minItems", n)
            .put("maxItems", n);
    array.set("items", items);
    ObjectNode root = JsonNodeFactory.instance.objectNode().put("type", "object");
    root.putObject("properties").set(field, array);
    root.putArray("required").add(field);
    root.put("additionalProperties", false);
    return root.toString();
  }

  /**
   * Reads up to {@code n} items from a reply.
   *
   * @return the first {@code n} distinct items, or empty when the reply holds fewer
   */
  public static Optional<List<String>> parse(String reply, String field, int n) {
    List<String> items = readItems(reply, field);
    Set<String> seen = new LinkedHashSet<>();
    List<String> distinct = new ArrayList<>();
    for (String item : items) {
      String cleaned = clean(item);
      if (!cleaned.isEmpty() && seen.add(cleaned.toLowerCase(Locale.ROOT))) {
        distinct.add(cleaned);
      }
    }
    return distinct.size() >= n
        ? Optional.of(List.copyOf(distinct.subList(0, n)))
        : Optional.empty();
  }

  static List<String> readItems(String reply, String field) {
    String text = reply == null ? "" : reply.strip();
    Optional<List<String>> fromJson = fromJson(text, field);
    if (fromJson.isPresent()) {
      return fromJson.get();
    }
    // JSON inside prose or a code fence.
    for (char open : new char[] {'{', '['}) {
      int start = text.indexOf(open);
      int end = text.lastIndexOf(open == '{' ? '}' : ']');
      if (start >= 0 && end > start) {
        fromJson = fromJson(text.substring(start, end + 1), field);
        if (fromJson.isPresent()) {
          return fromJson.get();
        }
      }
    }
    List<String> items = new ArrayList<>();
    Matcher m = ITEM.matcher(text);
    while (m.find()) {
      items.add(m.group(1));
    }
    return items;
  }

  private static Optional<List<String>> fromJson(String text, String field) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (Exception e) {
      return Optional.empty();
    }
    if (node == null) {
      return Optional.empty();
    }
    if (node.isObject()) {
      JsonNode value = node.get(field);
      if (value == null && node.size() == 1) {
        value = node.elements().next();
      }
      node = value;
    }
    if (node == null || !node.isArray()) {
      return Optional.empty();
    }
    List<String> items = new ArrayList<>();
    for (JsonNode element : (ArrayNode) node) {
      items.add(element.isTextual() ? element.asText() : element.toString());
    }
    return Optional.of(items);
  }

  private static String clean(String item) {
    String s = item.strip();
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      s = s.substring(1, s.length() - 1).strip();
    }
    return s.replaceAll("^\\*\\*(.+)\\*\\*$", "$1").strip();
  }
}
