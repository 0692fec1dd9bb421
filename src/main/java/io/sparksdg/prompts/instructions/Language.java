package io.sparksdg.prompts.instructions;

import com.optimaize.langdetect.DetectedLanguage;
import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.i18n.LdLocale;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import com.optimaize.langdetect.text.TextObjectFactory;
import com.optimaize.langdetect.text.TextObjectFactoryBuilder;
import com.optimaize.langdetect.text.UrlTextFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
   * The whole response is in one language, as a language identifier judges it. The identifier is
   * the Java port of the one IFEval's reference uses (Cybozu's langdetect, via optimaize's
   * language-detector), set up like it: the same 55 language profiles, the same algorithm for short
   * and long texts, a fixed seed. A response without letters cannot be judged and passes, as in the
   * reference.
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
      if (response.codePoints().noneMatch(Character::isLetter)) {
        return Verdict.pass(); // nothing to identify; the reference counts it as followed
      }
      String detected = Detector.detect(response);
      return Verdict.when(
          language.equals(detected),
          "the response reads as %s, not %s",
          detected == null ? "no language" : detected,
          language);
    }
  }

  /** One identifier per JVM, loaded on first use (the profiles take a moment and some memory). */
  private static final class Detector {
    /** The languages of the langdetect package on PyPI, which IFEval's reference uses. */
    private static final List<String> PROFILES =
        List.of(
            "af", "ar", "bg", "bn", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et", "fa",
            "fi", "fr", "gu", "he", "hi", "hr", "hu", "id", "it", "ja", "kn", "ko", "lt", "lv",
            "mk", "ml", "mr", "ne", "nl", "no", "pa", "pl", "pt", "ro", "ru", "sk", "sl", "so",
            "sq", "sv", "sw", "ta", "te", "th", "tl", "tr", "uk", "ur", "vi", "zh-CN", "zh-TW");

    private static final LanguageDetector DETECTOR = build();
    private static final TextObjectFactory TEXT =
        new TextObjectFactoryBuilder()
            .maxTextLength(10_000)
            .withTextFilter(UrlTextFilter.getInstance())
            .build();

    private static LanguageDetector build() {
      try {
        return LanguageDetectorBuilder.create(NgramExtractors.backwards())
            .withProfiles(
                new LanguageProfileReader()
                    .readBuiltIn(PROFILES.stream().map(LdLocale::fromString).toList()))
            .shortTextAlgorithm(0)
            .seed(0L)
            .build();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot load the language profiles", e);
      }
    }

    /** The most probable language's code, or null when none passes the probability threshold. */
    static String detect(String text) {
      List<DetectedLanguage> found = DETECTOR.getProbabilities(TEXT.forText(text));
      return found.isEmpty() ? null : found.get(0).getLocale().getLanguage();
    }
  }
}
