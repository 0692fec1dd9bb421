package io.sparksdg.prompts.instructions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** Instructions on the response's language (IFEval "language:"). */
public final class Language {

  private Language() {}

  /** The languages IFEval asks for, by ISO 639-1 code, with their English names. */
  static final Map<String, String> LANGUAGES = languages();

  private static Map<String, String> languages() {
    Map<String, String> m = new LinkedHashMap<>();
    String[] pairs = {
      "en", "English", "es", "Spanish", "pt", "Portuguese", "ar", "Arabic", "hi", "Hindi",
      "fr", "French", "ru", "Russian", "de", "German", "ja", "Japanese", "it", "Italian",
      "bn", "Bengali", "uk", "Ukrainian", "th", "Thai", "ur", "Urdu", "ta", "Tamil",
      "te", "Telugu", "bg", "Bulgarian", "ko", "Korean", "pl", "Polish", "he", "Hebrew",
      "fa", "Persian", "vi", "Vietnamese", "ne", "Nepali", "sw", "Swahili", "kn", "Kannada",
      "mr", "Marathi", "gu", "Gujarati", "pa", "Punjabi", "ml", "Malayalam", "fi", "Finnish"
    };
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * The whole response is in one language, as IFEval's reference judges it ({@link LanguageId}:
   * langdetect's profiles, algorithm and seeded sampling). A response holding no n-gram of any
   * profile cannot be judged and passes, as in the reference; one that no language is likely for
   * ("unknown") fails.
   */
  public record ResponseLanguage(String language) implements VerifiableInstruction {
    public static final String ID = "language:response_language";

    public ResponseLanguage {
      if (!LANGUAGES.containsKey(language)) {
        throw new IllegalArgumentException(
            "Instruction '"
                + ID
                + "': unknown language '"
                + language
                + "'; use one of "
                + LANGUAGES.keySet());
      }
    }

    static ResponseLanguage from(Params p) {
      p.only("language");
      return new ResponseLanguage(p.string("language"));
    }

    static ResponseLanguage random(Random rnd) {
      List<String> codes = List.copyOf(LANGUAGES.keySet());
      return new ResponseLanguage(codes.get(rnd.nextInt(codes.size())));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return "Your ENTIRE response should be in "
          + LANGUAGES.get(language)
          + " language, no other language is allowed.";
    }

    @Override
    public Map<String, Object> parameters() {
      return Map.of("language", language);
    }

    @Override
    public Verdict check(String response) {
      Optional<String> detected = LanguageId.detect(response);
      if (detected.isEmpty()) {
        return Verdict.pass(); // nothing to identify; the reference counts it as followed
      }
      return Verdict.when(
          language.equals(detected.get()),
          "the response reads as %s, not %s",
          detected.get(),
          language);
    }
  }
}
