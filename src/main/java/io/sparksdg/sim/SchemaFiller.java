package io.sparksdg.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Produces a JSON value valid against a JSON schema, as a structured-output model server would.
 *
 * <p>Supports {@code object} (every property filled), {@code array} ({@code items}, {@code
 * prefixItems}, {@code minItems}/{@code maxItems}, 3 to 5 items by default), {@code string} ({@code
 * enum}, {@code const}, common {@code format}s, {@code minLength}/{@code maxLength}), {@code
 * integer}/{@code number} (inclusive and exclusive bounds), {@code boolean}, {@code null}, local
 * {@code $ref}s and {@code anyOf}/{@code oneOf}/{@code allOf}. Anything else gets a best effort. A
 * share {@code repeatRate} of free string list items repeat, verbatim or nearly, an earlier item of
 * the list or an item from a canned pool shared by all requests.
 */
final class SchemaFiller {

  private static final int MAX_DEPTH = 32;
  private static final int CANNED_ITEMS = 8;
  private static final int MAX_ITEMS = 10_000;
  private static final List<String> SHORT_LABELS =
      List.of(
          "name",
          "title",
          "topic",
          "label",
          "keyword",
          "category",
          "tag",
          "type",
          "subject",
          "id",
          "level",
          "language",
          "persona",
          "kind",
          "role",
          "domain",
          "genre",
          "theme",
          "entity");

  private final JsonNode root;
  private final SplittableRandom random;
  private final double repeatRate;
  private final long poolSeed;

  SchemaFiller(JsonNode root, SplittableRandom random, double repeatRate, long poolSeed) {
    this.root = root;
    this.random = random;
    this.repeatRate = repeatRate;
    this.poolSeed = poolSeed;
  }

  /** A value for the whole schema. */
  JsonNode fill() {
    return value(root, "item", 0, 0);
  }

  private JsonNode value(JsonNode schema, String label, int index, int depth) {
    if (depth > MAX_DEPTH || schema == null || !schema.isObject()) {
      return depth > MAX_DEPTH ? NullNode.instance : TextNode.valueOf(freeString(label, index));
    }
    schema = resolve(schema, depth);
    if (schema.has("const")) {
      return schema.get("const").deepCopy();
    }
    JsonNode enumValues = schema.get("enum");
    if (enumValues != null && enumValues.isArray() && !enumValues.isEmpty()) {
      return enumValues.get(random.nextInt(enumValues.size())).deepCopy();
    }
    for (String key : List.of("anyOf", "oneOf")) {
      JsonNode options = schema.get(key);
      if (options != null && options.isArray() && !options.isEmpty()) {
        return value(firstNonNull(options), label, index, depth + 1);
      }
    }
    return switch (typeOf(schema)) {
      case "object" -> object(schema, depth);
      case "array" -> array(schema, label, depth);
      case "integer" -> integer(schema);
      case "number" -> number(schema);
      case "boolean" -> BooleanNode.valueOf(random.nextBoolean());
      case "null" -> NullNode.instance;
      default -> TextNode.valueOf(string(schema, label, index));
    };
  }

  private ObjectNode object(JsonNode schema, int depth) {
    ObjectNode out = Json.object();
    JsonNode properties = schema.get("properties");
    if (properties != null && properties.isObject()) {
      for (Map.Entry<String, JsonNode> property : properties.properties()) {
        out.set(
            property.getKey(),
            value(property.getValue(), humanize(property.getKey()), 0, depth + 1));
      }
    }
    // required names without a property schema still have to be present
    JsonNode required = schema.get("required");
    if (required != null && required.isArray()) {
      for (JsonNode name : required) {
        if (name.isTextual() && !out.has(name.asText())) {
          out.put(name.asText(), freeString(humanize(name.asText()), 0));
        }
      }
    }
    return out;
  }

  private ArrayNode array(JsonNode schema, String label, int depth) {
    JsonNode prefix = schema.get("prefixItems");
    JsonNode items = schema.get("items");
    if (items != null && items.isArray()) { // draft-04 tuple form
      prefix = items;
      items = schema.get("additionalItems");
    }
    int prefixSize = prefix != null && prefix.isArray() ? prefix.size() : 0;
    int length = length(schema, prefixSize);
    boolean unique = schema.path("uniqueItems").asBoolean(false);
    String itemLabel = singular(label);
    ArrayNode out = Json.array();
    for (int i = 0; i < length; i++) {
      JsonNode itemSchema = i < prefixSize ? prefix.get(i) : items;
      boolean repeat = random.nextDouble() < repeatRate;
      JsonNode item = value(itemSchema, itemLabel, i + 1, depth + 1);
      if (repeat && !unique && item.isTextual() && isFreeString(itemSchema, depth)) {
        item =
            TextNode.valueOf(lengthLimited(resolve(itemSchema, depth), repeated(out, itemLabel)));
      }
      out.add(item);
    }
    return out;
  }

  private int length(JsonNode schema, int prefixSize) {
    int min = schema.path("minItems").asInt(-1);
    int max = schema.path("maxItems").asInt(-1);
    int lo;
    int hi;
    if (min < 0 && max < 0) {
      lo = 3;
      hi = 5;
    } else if (max < 0) {
      lo = min;
      hi = min + 2;
    } else if (min < 0) {
      lo = Math.min(3, max);
      hi = Math.min(5, max);
    } else {
      lo = min;
      hi = Math.max(min, max);
    }
    lo = Math.min(Math.max(lo, prefixSize == 0 ? lo : Math.min(prefixSize, hi)), MAX_ITEMS);
    hi = Math.min(Math.max(hi, lo), MAX_ITEMS);
    return lo + random.nextInt(hi - lo + 1);
  }

  /** An earlier item of this list or a canned one, verbatim or as a near-duplicate. */
  private String repeated(ArrayNode soFar, String label) {
    int variant = random.nextInt(5);
    if (!soFar.isEmpty() && random.nextBoolean()) {
      JsonNode earlier = soFar.get(random.nextInt(soFar.size()));
      if (earlier.isTextual()) {
        return TextGen.variant(earlier.asText(), variant);
      }
    }
    int canned = random.nextInt(CANNED_ITEMS);
    SplittableRandom pool = new SplittableRandom(Json.mix(poolSeed, label.hashCode(), canned));
    return TextGen.variant(itemPhrase(label, canned + 1, pool), variant);
  }

  private boolean isFreeString(JsonNode itemSchema, int depth) {
    if (itemSchema == null || !itemSchema.isObject()) {
      return true;
    }
    JsonNode schema = resolve(itemSchema, depth);
    return "string".equals(typeOf(schema))
        && !schema.has("enum")
        && !schema.has("const")
        && !schema.has("format")
        && !schema.has("pattern");
  }

  private String string(JsonNode schema, String label, int index) {
    String format = schema.path("format").asText("");
    String text =
        switch (format) {
          case "date" ->
              String.format(
                  Locale.ROOT, "2024-%02d-%02d", 1 + random.nextInt(12), 1 + random.nextInt(28));
          case "date-time" ->
              String.format(
                  Locale.ROOT,
                  "2024-%02d-%02dT%02d:%02d:00Z",
                  1 + random.nextInt(12),
                  1 + random.nextInt(28),
                  random.nextInt(24),
                  random.nextInt(60));
          case "time" ->
              String.format(Locale.ROOT, "%02d:%02d:00", random.nextInt(24), random.nextInt(60));
          case "email" -> "simulated.user" + random.nextInt(10_000) + "@example.com";
          case "uri", "url", "uri-reference" ->
              "https://example.com/simulated/" + random.nextInt(100_000);
          case "uuid" -> new UUID(random.nextLong(), random.nextLong()).toString();
          case "ipv4" -> "192.0.2." + (1 + random.nextInt(254));
          case "hostname" -> "simulated-" + random.nextInt(1000) + ".example.com";
          default -> freeString(label, index);
        };
    return lengthLimited(schema, text);
  }

  private String lengthLimited(JsonNode schema, String text) {
    int minLength = schema == null ? -1 : schema.path("minLength").asInt(-1);
    int maxLength = schema == null ? -1 : schema.path("maxLength").asInt(-1);
    StringBuilder out = new StringBuilder(text);
    while (minLength > 0 && out.length() < minLength) {
      out.append(' ').append(TextGen.sentence(random));
    }
    if (maxLength >= 0 && out.length() > maxLength) {
      out.setLength(maxLength);
      while (out.length() > Math.max(minLength, 1) && out.charAt(out.length() - 1) == ' ') {
        out.setLength(out.length() - 1);
      }
    }
    return out.toString();
  }

  /** A list item ({@code index > 0}), a short label-like phrase, or a sentence or two. */
  private String freeString(String label, int index) {
    if (index > 0) {
      return itemPhrase(label, index, random);
    }
    for (String word : label.split(" ")) {
      if (SHORT_LABELS.contains(word)) {
        return "simulated " + label + ": " + TextGen.topic(random);
      }
    }
    String text = TextGen.MARK + TextGen.sentence(random);
    return random.nextBoolean() ? text + " " + TextGen.sentence(random) : text;
  }

  private static String itemPhrase(String label, int index, SplittableRandom random) {
    return "simulated " + label + " " + index + ": " + TextGen.topic(random);
  }

  private JsonNode integer(JsonNode schema) {
    long[] range = range(schema, true);
    long span = range[1] - range[0];
    long value = span <= 0 ? range[0] : range[0] + random.nextLong(span + 1);
    return value == (int) value ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
  }

  private JsonNode number(JsonNode schema) {
    boolean hasMin = schema.has("minimum") || schema.path("exclusiveMinimum").isNumber();
    boolean hasMax = schema.has("maximum") || schema.path("exclusiveMaximum").isNumber();
    double lo = hasMin ? bound(schema, true) : 0;
    double hi = hasMax ? bound(schema, false) : 100;
    if (hasMax && !hasMin) {
      lo = Math.min(0, hi);
    } else if (hasMin && !hasMax) {
      hi = lo + 100;
    }
    if (hi <= lo) {
      return DoubleNode.valueOf(lo);
    }
    double value = lo + random.nextDouble() * (hi - lo);
    double rounded = Math.round(value * 100) / 100.0;
    return DoubleNode.valueOf(rounded >= lo && rounded <= hi ? rounded : value);
  }

  /** The bound itself for inclusive bounds, nudged inward for exclusive ones. */
  private static double bound(JsonNode schema, boolean lower) {
    String inclusive = lower ? "minimum" : "maximum";
    String exclusive = lower ? "exclusiveMinimum" : "exclusiveMaximum";
    double nudge = lower ? 0.01 : -0.01;
    if (schema.path(exclusive).isNumber()) {
      return schema.get(exclusive).asDouble() + nudge;
    }
    double value = schema.path(inclusive).asDouble();
    return schema.path(exclusive).asBoolean(false) ? value + nudge : value; // draft-04 booleans
  }

  private static long[] range(JsonNode schema, boolean integral) {
    boolean hasMin = schema.has("minimum") || schema.path("exclusiveMinimum").isNumber();
    boolean hasMax = schema.has("maximum") || schema.path("exclusiveMaximum").isNumber();
    long lo = hasMin ? (long) Math.ceil(bound(schema, true)) : 0;
    long hi = hasMax ? (long) Math.floor(bound(schema, false)) : 100;
    if (integral) {
      if (schema.path("exclusiveMinimum").isNumber()) {
        lo = (long) Math.floor(schema.get("exclusiveMinimum").asDouble()) + 1;
      }
      if (schema.path("exclusiveMaximum").isNumber()) {
        hi = (long) Math.ceil(schema.get("exclusiveMaximum").asDouble()) - 1;
      }
    }
    if (hasMin && !hasMax) {
      hi = lo + 100;
    } else if (hasMax && !hasMin) {
      lo = Math.min(0, hi);
    }
    return new long[] {lo, Math.max(lo, hi)};
  }

  private JsonNode resolve(JsonNode schema, int depth) {
    JsonNode current = schema;
    for (int hops = 0; hops < MAX_DEPTH && current.path("$ref").isTextual(); hops++) {
      String ref = current.get("$ref").asText();
      JsonNode target = ref.startsWith("#") ? root.at(ref.substring(1)) : null;
      if (target == null || target.isMissingNode() || !target.isObject()) {
        break;
      }
      current = target;
    }
    JsonNode allOf = current.get("allOf");
    if (allOf != null && allOf.isArray() && depth < MAX_DEPTH) {
      ObjectNode merged = Json.object();
      ObjectNode properties = Json.object();
      for (JsonNode part : allOf) {
        JsonNode resolved = resolve(part, depth + 1);
        merged.setAll(resolved.isObject() ? (ObjectNode) resolved : Json.object());
        if (resolved.path("properties").isObject()) {
          properties.setAll((ObjectNode) resolved.get("properties"));
        }
      }
      for (Map.Entry<String, JsonNode> entry : current.properties()) {
        if (!entry.getKey().equals("allOf")) {
          merged.set(entry.getKey(), entry.getValue());
        }
      }
      if (current.path("properties").isObject()) {
        properties.setAll((ObjectNode) current.get("properties"));
      }
      if (!properties.isEmpty()) {
        merged.set("properties", properties);
      }
      current = merged;
    }
    return current;
  }

  private static JsonNode firstNonNull(JsonNode options) {
    for (JsonNode option : options) {
      if (!"null".equals(option.path("type").asText())) {
        return option;
      }
    }
    return options.get(0);
  }

  private static String typeOf(JsonNode schema) {
    JsonNode type = schema.get("type");
    if (type != null && type.isTextual()) {
      return type.asText();
    }
    if (type != null && type.isArray()) {
      for (JsonNode t : type) {
        if (!"null".equals(t.asText())) {
          return t.asText();
        }
      }
      return "null";
    }
    if (schema.has("properties") || schema.has("required")) {
      return "object";
    }
    if (schema.has("items") || schema.has("prefixItems")) {
      return "array";
    }
    return "string";
  }

  /** "subTopics" or "sub_topics" to "sub topics". */
  static String humanize(String name) {
    String spaced = name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replaceAll("[_\\-\\s]+", " ");
    String text = spaced.strip().toLowerCase(Locale.ROOT);
    return text.isEmpty() ? "item" : text;
  }

  /** A rough English singular of the label's last word: "topics" to "topic". */
  static String singular(String label) {
    if (label.endsWith("ies") && label.length() > 4) {
      return label.substring(0, label.length() - 3) + "y";
    }
    if (label.endsWith("s") && !label.endsWith("ss") && label.length() > 3) {
      return label.substring(0, label.length() - 1);
    }
    return label;
  }
}
