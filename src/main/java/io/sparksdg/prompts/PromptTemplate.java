package io.sparksdg.prompts;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /**
   * The template {@code id}: {@code <dir>/<id>.txt} when {@code dir} is set and holds that file,
   * else the built-in one. A user's file must start with {@code version: N} like the built-in ones;
   * its version goes into the ids of the rows it produces.
   *
   * @param dir a local folder of template overrides ({@code prompts.templates-dir}), or null
   */
  public static PromptTemplate load(String id, String dir) {
    if (dir != null && !dir.isBlank()) {
      Path file = Path.of(dir).resolve(id + ".txt");
      if (Files.isRegularFile(file)) {
        try {
          return parse(id, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot read template " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(e.getMessage() + " (in " + file + ")", e);
        }
      }
    }
    return builtIn(id);
  }

  static PromptTemplate parse(String id, String content) {
    int nl = content.indexOf('\n');
    String first = nl < 0 ? content : content.substring(0, nl);
    if (!first.startsWith("version:")) {
      throw new IllegalArgumentException(
          "Template " + id + " must start with a 'version: N' line, got '" + first + "'");
    }
    int version;
    try {
      version = Integer.parseInt(first.substring("version:".length()).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Template " + id + " has a version line '" + first + "' without a whole number", e);
    }
    return new PromptTemplate(id, version, content.substring(nl + 1).strip());
  }
}
