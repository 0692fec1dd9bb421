package io.sparksdg.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Loads and validates the configuration.
 *
 * <p>Precedence, lowest first: the YAML file, then {@code --set dotted.key=value} overrides (each
 * value parsed as a YAML scalar, so {@code 3} is a number and {@code abc} a string), then the
 * environment, which supplies secrets only ({@code api-key-env} names a variable; the config never
 * holds a key). Keys are kebab-case. Every mistake becomes a {@link ConfigException} whose message
 * is one line naming the key, the value and the fix.
 */
public final class ConfigLoader {

  private static final Pattern OVERRIDE =
      Pattern.compile("([A-Za-z0-9_.\\-]+)=(.*)", Pattern.DOTALL);

  private final ObjectMapper yaml;

  public ConfigLoader() {
    SimpleModule durations = new SimpleModule("durations");
    durations.addDeserializer(Duration.class, new DurationDeserializer());
    yaml =
        new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .registerModule(durations);
  }

  /** Loads {@code file} and applies {@code overrides} ({@code key=value} each). */
  public SdgConfig load(Path file, List<String> overrides) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          "Config file '" + file + "' does not exist: check the --config path");
    } catch (IOException e) {
      throw new ConfigException("Cannot read config file '" + file + "': " + e.getMessage(), e);
    }
    return parse(text, file.toString(), overrides);
  }

  /** Parses YAML text; {@code source} names it in messages. */
  public SdgConfig parse(String text, String source, List<String> overrides) {
    JsonNode tree;
    try {
      tree = yaml.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      String problem =
          e.getCause() instanceof MarkedYAMLException yamlError && yamlError.getProblem() != null
              ? yamlError.getProblem()
              : e.getOriginalMessage();
      throw new ConfigException(
          "Config file '" + source + "' is not valid YAML" + where + ": " + oneLine(problem));
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      tree = JsonNodeFactory.instance.objectNode();
    }
    if (!tree.isObject()) {
      throw new ConfigException(
          "Config file '" + source + "' must hold a mapping of keys at the top");
    }
    java.util.Set<String> overridden = new java.util.LinkedHashSet<>();
    for (String override : overrides) {
      overridden.add(apply((ObjectNode) tree, override));
    }
    SdgConfig config = bind(tree, source, overridden);
    validateReferences(config);
    return config;
  }

  /** Applies one override; returns its dotted key. */
  private String apply(ObjectNode root, String override) {
    Matcher m = OVERRIDE.matcher(override);
    if (!m.matches()) {
      throw new ConfigException(
          "Override '"
              + override
              + "' is not of the form dotted.key=value, e.g. responses.per-prompt=4");
    }
    String[] path = m.group(1).split("\\.");
    ObjectNode node = root;
    for (int i = 0; i < path.length - 1; i++) {
      JsonNode child = node.get(path[i]);
      if (child == null || !child.isObject()) {
        child = node.putObject(path[i]);
      }
      node = (ObjectNode) child;
    }
    node.set(path[path.length - 1], scalar(m.group(2)));
    return m.group(1);
  }

  private JsonNode scalar(String value) {
    if (value.isEmpty()) {
      return JsonNodeFactory.instance.nullNode();
    }
    try {
      JsonNode parsed = yaml.readTree(value);
      return parsed == null ? JsonNodeFactory.instance.textNode(value) : parsed;
    } catch (JsonProcessingException e) {
      return JsonNodeFactory.instance.textNode(value);
    }
  }

  /**
   * @param overridden the dotted keys set by {@code --set}, so that a typo there is attributed to
   *     {@code --set} rather than to the file
   */
  private SdgConfig bind(JsonNode tree, String source, java.util.Set<String> overridden) {
    try {
      return yaml.treeToValue(tree, SdgConfig.class);
    } catch (UnrecognizedPropertyException e) {
      String key = pathOf(e);
      String suggestion = nearest(e.getPropertyName(), e.getKnownPropertyIds());
      throw new ConfigException(
          "Unknown config key '"
              + key
              + "' in "
              + overridden.stream()
                  .filter(o -> o.equals(key) || o.startsWith(key + "."))
                  .findFirst()
                  .map(o -> "--set " + o + " (not in " + source + ")")
                  .orElse(source)
              + (suggestion == null ? "" : ": did you mean '" + suggestion + "'?")
              + knownList(e.getKnownPropertyIds()));
    } catch (InvalidFormatException e) {
      throw new ConfigException(
          "Config key '"
              + pathOf(e)
              + "' expects "
              + describe(e.getTargetType())
              + ", got '"
              + e.getValue()
              + "'");
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause();
      String message =
          cause instanceof ConfigException || cause instanceof IllegalArgumentException
              ? cause.getMessage()
              : e.getOriginalMessage();
      String key = pathOf(e);
      throw new ConfigException(
          "Invalid config" + (key.isEmpty() ? "" : " at '" + key + "'") + ": " + message);
    } catch (MismatchedInputException e) {
      Class<?> target = e.getTargetType();
      Class<?> type = built(target);
      String detail = firstLine(e.getOriginalMessage());
      throw new ConfigException(
          "Config key '"
              + pathOf(e)
              + "' expects "
              + describe(type)
              + ": "
              + (type == target ? detail : detail.replace(target.getName(), type.getName())));
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ConfigException ce) {
        throw new ConfigException("Invalid config at '" + pathOf(e) + "': " + ce.getMessage());
      }
      throw new ConfigException(
          "Invalid config at '" + pathOf(e) + "': " + firstLine(e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          "Invalid config in " + source + ": " + firstLine(e.getOriginalMessage()));
    }
  }

  private static void validateReferences(SdgConfig config) {
    config.endpoint(config.responses().generator(), "responses.generator");
    validateBatchModes(config);
    if (config.dialogues().enabled()) {
      config.endpoint(config.dialogues().user(), "dialogues.user");
      config.endpoint(config.dialogues().assistant(), "dialogues.assistant");
    }
    if (config.preferences().usesPairJudge()) {
      config.endpoint(
          config.preferences().pairJudgeEndpoint(), config.preferences().pairJudgeKey());
    }
    config.endpoint(config.scores().judge(), "scores.judge");
    if (config.endpoint(config.scores().judge(), "scores.judge").kind()
        != EndpointKind.NEMOTRON_REWARD) {
      throw new ConfigException(
          "Config key 'scores.judge' names endpoint '"
              + config.scores().judge()
              + "', whose kind is not nemotron-reward: set endpoints."
              + config.scores().judge()
              + ".kind=nemotron-reward");
    }
    if (config.safety().enabled()) {
      String guard = config.safety().guard();
      if (config.endpoint(guard, "safety.guard").kind() != EndpointKind.GUARD) {
        throw new ConfigException(
            "Config key 'safety.guard' names endpoint '"
                + guard
                + "', whose kind is not guard: set endpoints."
                + guard
                + ".kind=guard");
      }
    }
    for (String extra : config.prompts().extraImports()) {
      requireFile(extra, "prompts.extra-imports");
    }
    if (config.prompts().fromRound() != null) {
      return;
    }
    if (config.prompts().imported()) {
      String path = config.prompts().importPath();
      boolean local = !path.matches("^[A-Za-z][A-Za-z0-9+.-]+://.*") || path.startsWith("file:");
      if (local && !Files.isRegularFile(Path.of(path.replaceFirst("^file:(//)?", "")))) {
        throw new ConfigException(
            "Config key 'prompts.import' names '" + path + "', which is not a readable file");
      }
    } else {
      config.endpoint(config.prompts().generator(), "prompts.generator");
    }
  }

  /** Batch mode only where a step sends its calls one way and none depends on another's answer. */
  private static void validateBatchModes(SdgConfig config) {
    java.util.Set<EndpointMode> modes = java.util.EnumSet.noneOf(EndpointMode.class);
    for (String generator : config.responses().generators().keySet()) {
      modes.add(config.endpoint(generator, "responses.generators").batch().mode());
    }
    if (modes.size() > 1) {
      throw new ConfigException(
          "Config key 'responses.generators' names endpoints in batch and in online mode "
              + config.responses().generators().keySet()
              + ": one step sends all its calls one way; set the same endpoints.<name>.mode on"
              + " each");
    }
    if (config.dialogues().enabled()
        && (config.endpoint(config.dialogues().user(), "dialogues.user").batchMode()
            || config
                .endpoint(config.dialogues().assistant(), "dialogues.assistant")
                .batchMode())) {
      throw new ConfigException(
          "Dialogues take turns, one call after another, which a batch cannot: set"
              + " endpoints.<name>.mode=online for dialogues.user and dialogues.assistant");
    }
    if (config.preferences().usesPairJudge()
        && config
            .endpoint(config.preferences().pairJudgeEndpoint(), config.preferences().pairJudgeKey())
            .batchMode()) {
      throw new ConfigException(
          "The "
              + config.preferences().pairJudge()
              + " judge asks about each pair twice at once, which batch mode does not take: set"
              + " endpoints."
              + config.preferences().pairJudgeEndpoint()
              + ".mode=online");
    }
  }

  private static void requireFile(String path, String key) {
    boolean local = !path.matches("^[A-Za-z][A-Za-z0-9+.-]+://.*") || path.startsWith("file:");
    if (local && !Files.isRegularFile(Path.of(path.replaceFirst("^file:(//)?", "")))) {
      throw new ConfigException(
          "Config key '" + key + "' names '" + path + "', which is not a readable file");
    }
  }

  private static String pathOf(JsonMappingException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  static String nearest(String key, Collection<Object> known) {
    if (key == null || known == null || known.isEmpty()) {
      return null;
    }
    LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
    String best =
        known.stream()
            .map(Object::toString)
            .min(Comparator.comparingInt(k -> distance.apply(key.toLowerCase(Locale.ROOT), k)))
            .orElse(null);
    if (best == null) {
      return null;
    }
    int d = distance.apply(key.toLowerCase(Locale.ROOT), best);
    return d <= Math.max(2, key.length() / 3) ? best : null;
  }

  private static String knownList(Collection<Object> known) {
    if (known == null || known.isEmpty()) {
      return "";
    }
    return " (known keys here: "
        + known.stream().map(Object::toString).sorted().collect(Collectors.joining(", "))
        + ")";
  }

  /** The record a builder builds (Jackson names the builder it reads into), else the type. */
  private static Class<?> built(Class<?> type) {
    return type != null && type.isAnnotationPresent(JsonPOJOBuilder.class)
        ? type.getDeclaringClass()
        : type;
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "another value";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Double.class || type == double.class) {
      return "a number";
    }
    if (type == Duration.class) {
      return "a duration such as 30s, 500ms or 2m";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "a mapping of keys";
    }
    if (type == String.class) {
      return "a string";
    }
    return "a " + type.getSimpleName();
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s+", " ").strip();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /**
   * Reads {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, a bare number of seconds, or
   * ISO-8601.
   */
  static final class DurationDeserializer extends StdDeserializer<Duration> {

    private static final Pattern UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    DurationDeserializer() {
      super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      String text = p.getValueAsString();
      if (text == null) {
        text = p.getText();
      }
      try {
        return parse(text.trim());
      } catch (IllegalArgumentException e) {
        throw InvalidFormatException.from(p, e.getMessage(), text, Duration.class);
      }
    }

    static Duration parse(String text) {
      Matcher m = UNIT.matcher(text.toLowerCase(Locale.ROOT));
      if (m.matches()) {
        double amount = Double.parseDouble(m.group(1));
        long millis =
            switch (m.group(2)) {
              case "ms" -> (long) amount;
              case "s" -> (long) (amount * 1000);
              case "m" -> (long) (amount * 60_000);
              default -> (long) (amount * 3_600_000);
            };
        return Duration.ofMillis(millis);
      }
      if (text.matches("\\d+(\\.\\d+)?")) {
        return Duration.ofMillis((long) (Double.parseDouble(text) * 1000));
      }
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("not a duration: " + text);
      }
    }
  }
}
