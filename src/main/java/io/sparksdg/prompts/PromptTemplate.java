package io.sparksdg.prompts;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt template: an id, a version (part of every row id it produces, so editing a template
 * yields new rows rather than mixing old and new) and text with {@code {placeholders}}.
 */
public record PromptTemplate(String id, int version, String text) implements Serializable {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

  /** Fills every placeholder; a missing value is a bug in the caller. */
  public String render(Map<String, ?> values) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Object value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException(
            "Template " + id + " needs a value for {" + m.group(1) + "}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value.toString()));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * Loads a built-in template from {@code io/sparksdg/prompts/templates/<id>.txt}, whose first line
   * is {@code version: N}.
   */
  public static PromptTemplate builtIn(String id) {
    String resource = "templates/" + id + ".txt";
    try (InputStream in = PromptTemplate.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("No built-in template '" + id + "'");
      }
      return parse(id, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PromptTemplate parse(String id, String content) {
    int nl = content.indexOf('\n');
    String first = nl < 0 ? content : content.substring(0, nl);
    if (!first.startsWith("version:")) {
      throw new IllegalArgumentException(
          "Template " + id + " must start with a 'version: N' line, got '" + first + "'");
    }
    int version = Integer.parseInt(first.substring("version:".length()).trim());
    return new PromptTemplate(id, version, content.substring(nl + 1).strip());
  }
}
