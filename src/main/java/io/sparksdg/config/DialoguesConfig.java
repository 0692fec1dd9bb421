package io.sparksdg.config;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Keys under {@code dialogues}: multi-turn conversations where one model (or two) plays both the
 * user and the assistant.
 *
 * @param perPrompt dialogues started from each prompt; 0 turns the stage off
 * @param turns user turns per dialogue (the first is the prompt); a dialogue ends with the
 *     assistant's answer to the last
 * @param user the endpoint that writes the user turns
 * @param assistant the endpoint that answers them
 * @param personas user personas by name, added to (or replacing) the built-in {@code normal},
 *     {@code complex} and {@code concise}; each dialogue takes one, chosen by a hash of its id
 * @param strip regular expressions whose matches are removed from generated user turns (polite
 *     filler such as "Thank you!"); case-insensitive
 * @param decoding {@code sampled} (the endpoints' sampling settings) or {@code greedy} (temperature
 *     0)
 * @param minReward the least weighted reward of the whole conversation; below it a dialogue is
 *     dropped with its reason; when unset, {@code filter.min-reward}
 */
public record DialoguesConfig(
    Integer perPrompt,
    Integer turns,
    String user,
    String assistant,
    Map<String, String> personas,
    List<String> strip,
    String decoding,
    Double minReward)
    implements Serializable {

  public static final Map<String, String> BUILT_IN_PERSONAS = builtIns();

  public static final List<String> DEFAULT_STRIP =
      List.of(
          "^\\s*(thank you|thanks|great|perfect|awesome)( so much| a lot)?[^.!?\\n]*[.!?]+\\s*",
          "\\s*(thank you|thanks)( so much| a lot)?( in advance)?[.!]*\\s*$",
          "\\bplease\\b,?\\s*",
          "\\bi hope this is not too much to ask\\b[.!,]?\\s*");

  public static final DialoguesConfig DEFAULT =
      new DialoguesConfig(null, null, null, null, null, null, null, null);

  public DialoguesConfig {
    perPrompt = perPrompt == null ? 0 : perPrompt;
    Checks.require(perPrompt >= 0, "per-prompt must not be negative, got %s", perPrompt);
    turns = turns == null ? 3 : turns;
    Checks.require(turns >= 1, "turns must be at least 1, got %s", turns);
    user = user == null ? "generator" : user;
    assistant = assistant == null ? "generator" : assistant;
    Map<String, String> all = new LinkedHashMap<>(BUILT_IN_PERSONAS);
    if (personas != null) {
      personas.forEach(
          (name, text) -> {
            Checks.require(
                text != null && !text.isBlank(), "personas: persona '%s' has no text", name);
            all.put(name, text);
          });
    }
    personas = Collections.unmodifiableMap(all);
    strip = strip == null ? DEFAULT_STRIP : List.copyOf(strip);
    for (String regex : strip) {
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new ConfigException(
            "strip: '" + regex + "' is not a valid regular expression: " + e.getDescription());
      }
    }
    decoding = decoding == null ? "sampled" : decoding;
    Checks.require(
        decoding.equals("sampled") || decoding.equals("greedy"),
        "decoding must be sampled or greedy, got '%s'",
        decoding);
  }

  public boolean enabled() {
    return perPrompt > 0;
  }

  public boolean greedy() {
    return decoding.equals("greedy");
  }

  private static Map<String, String> builtIns() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(
        "normal",
        "You are an ordinary person chatting with an AI assistant. Ask natural follow-up"
            + " questions about what it just said.");
    p.put(
        "complex",
        "You are an expert who asks demanding, detailed follow-up questions that build on the"
            + " assistant's answer and probe its reasoning, edge cases and trade-offs.");
    p.put(
        "concise",
        "You are a busy person. Your follow-up messages are short and to the point, one"
            + " sentence at most.");
    return Collections.unmodifiableMap(p);
  }
}
