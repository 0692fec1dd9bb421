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
 * JSON inside prose, or a numbered or bulleted list; all are read. Small models also write lists
 * numbered inline ("1. a, 2. b, 3. c"), exactly {@code n} plain lines after an introduction, or one
 * comma-separated line of short phrases ("Science, Art, Health."); those are read too, each only
 * when the reply has no marked list. The result is then held to the recipe's checks: at least
 * {@code n} distinct, non-empty items.
 */
public final class ListReplies {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ITEM =
      Pattern.compile(
          "^([ \\t]*)(?:(\\d+[.):]|\\(\\d+\\))|[-*•])\\s+(.+?)\\s*$", Pattern.MULTILINE);
  // "1. " or "2) " inside a line, not a decimal ("3.5") nor the end of a longer number ("1990.")
  private static final Pattern INLINE_NUMBER = Pattern.compile("(?<![\\w.])(\\d{1,2})[.)]\\s+");
  private static final Pattern TITLE =
      Pattern.compile("^\\*\\*([^*]+?)\\*\\*\\s*(?::|-|–|—)\\s+\\S.*$");
  private static final Pattern COMMA_SEPARATOR = Pattern.compile("\\s*[,;]\\s*");
  private static final Pattern CONJUNCTION =
      Pattern.compile("^(?:and|or)\\s+", Pattern.CASE_INSENSITIVE);
  // longest phrase a comma-separated list item may be; longer parts mean a sentence, not a list
  private static final int MAX_PHRASE_WORDS = 5;
  // longest line the plain-lines reading takes as an item
  private static final int MAX_LINE_WORDS = 40;

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
    String text = reply == null ? "" : reply.strip();
    Optional<List<String>> json = json(text, field);
    List<String> distinct;
    if (json.isPresent()) {
      distinct = distinct(json.get());
    } else {
      List<String> marked = markedLines(text);
      distinct = distinct(marked);
      // too short: the looser readings of small models' replies, in turn; the line-based ones
      // only when no line is marked, as a marked list that is too short is just too short
      List<List<String>> looser =
          marked.isEmpty()
              ? List.of(inlineNumbered(text), plainLines(text, n), commaSeparated(text))
              : List.of(inlineNumbered(text));
      for (int i = 0; i < looser.size() && distinct.size() < n; i++) {
        distinct = distinct(looser.get(i));
      }
    }
    return distinct.size() >= n
        ? Optional.of(List.copyOf(distinct.subList(0, n)))
        : Optional.empty();
  }

  private static List<String> distinct(List<String> items) {
    Set<String> seen = new LinkedHashSet<>();
    List<String> distinct = new ArrayList<>();
    for (String item : items) {
      String cleaned = clean(item);
      if (!cleaned.isEmpty() && seen.add(cleaned.toLowerCase(Locale.ROOT))) {
        distinct.add(cleaned);
      }
    }
    return distinct;
  }

  /** The reply as JSON, or the first JSON object or array inside prose or a code fence. */
  static Optional<List<String>> json(String text, String field) {
    Optional<List<String>> fromJson = fromJson(text, field);
    if (fromJson.isPresent()) {
      return fromJson;
    }
    for (char open : new char[] {'{', '['}) {
      int start = text.indexOf(open);
      int end = text.lastIndexOf(open == '{' ? '}' : ']');
      if (start >= 0 && end > start) {
        fromJson = fromJson(text.substring(start, end + 1), field);
        if (fromJson.isPresent()) {
          return fromJson;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Lines that start with a number ("1.", "2)", "(3)") or a bullet ("-", "*", "•"). In a nested
   * list only the top level counts: lines marked like the first one (numbered or bulleted) and
   * indented no deeper.
   */
  static List<String> markedLines(String text) {
    List<String> items = new ArrayList<>();
    Matcher m = ITEM.matcher(text);
    Boolean numbered = null;
    int indent = 0;
    while (m.find()) {
      boolean isNumbered = m.group(2) != null;
      int lineIndent = m.group(1).replace("\t", "    ").length();
      if (numbered == null) {
        numbered = isNumbered;
        indent = lineIndent;
      }
      if (isNumbered == numbered && lineIndent <= indent) {
        items.add(m.group(3));
      }
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
    s = s.replaceAll("^\\*\\*([^*]+)\\*\\*$", "$1").strip();
    s =
        s.endsWith(":")
            ? s.substring(0, s.length() - 1).strip()
            : s; // "1. Python:" heads a sublist
    // "**Title**: what it is" -> the title
    Matcher title = TITLE.matcher(s);
    return title.matches() ? title.group(1).strip() : s;
  }

  /** "1. a, 2. b and 3. c": items numbered 1, 2, 3, ... inside running text. */
  static List<String> inlineNumbered(String text) {
    Matcher m = INLINE_NUMBER.matcher(text);
    List<int[]> marks = new ArrayList<>(); // {start of number, start of item}
    while (m.find()) {
      if (Integer.parseInt(m.group(1)) == marks.size() + 1) {
        marks.add(new int[] {m.start(), m.end()});
      }
    }
    List<String> items = new ArrayList<>();
    if (marks.size() < 2) {
      return items;
    }
    for (int i = 0; i < marks.size(); i++) {
      int end = i + 1 < marks.size() ? marks.get(i + 1)[0] : lineEnd(text, marks.get(i)[1]);
      String item = text.substring(marks.get(i)[1], end).strip();
      item = item.replaceAll("(?i)(?:[,;]|\\s+and|\\s+or)$", "").strip();
      items.add(i + 1 == marks.size() ? stripFinalStop(item) : item);
    }
    return items;
  }

  private static int lineEnd(String text, int from) {
    int nl = text.indexOf('\n', from);
    return nl < 0 ? text.length() : nl;
  }

  /** Exactly {@code n} (at least 2) short lines, once introductions ending in ':' are dropped. */
  static List<String> plainLines(String text, int n) {
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\\R")) {
      String s = line.strip();
      if (!s.isEmpty() && !s.endsWith(":")) {
        lines.add(s);
      }
    }
    boolean allShort = lines.stream().allMatch(l -> words(l) <= MAX_LINE_WORDS);
    return n >= 2 && lines.size() == n && allShort ? lines : List.of();
  }

  /**
   * One line of short phrases separated by commas or semicolons, "and"/"or" allowed only before the
   * last one, after an optional introduction ending in ':'.
   */
  static List<String> commaSeparated(String text) {
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\\R")) {
      if (!line.isBlank()) {
        lines.add(line.strip());
      }
    }
    if (lines.size() == 2 && lines.get(0).endsWith(":")) {
      lines.remove(0);
    }
    if (lines.size() != 1) {
      return List.of();
    }
    String[] parts = COMMA_SEPARATOR.split(stripFinalStop(lines.get(0)));
    List<String> items = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      Matcher conjunction = CONJUNCTION.matcher(parts[i]);
      boolean last = i == parts.length - 1;
      if (conjunction.find() && !last) {
        return List.of(); // "a, and b, c" is prose, not a list
      }
      String item = conjunction.replaceFirst("").strip();
      if (item.isEmpty() && last) {
        continue; // a trailing comma
      }
      if (item.isEmpty() || words(item) > MAX_PHRASE_WORDS || item.endsWith(":")) {
        return List.of();
      }
      items.add(item);
    }
    return items.size() >= 2 ? items : List.of();
  }

  private static String stripFinalStop(String s) {
    String t = s.strip();
    return t.endsWith(".") ? t.substring(0, t.length() - 1).strip() : t;
  }

  private static int words(String s) {
    String t = s.strip();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }
}
