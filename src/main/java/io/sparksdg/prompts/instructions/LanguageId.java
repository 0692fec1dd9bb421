package io.sparksdg.prompts.instructions;

import com.optimaize.langdetect.cybozu.util.CharNormalizer;
import com.optimaize.langdetect.i18n.LdLocale;
import com.optimaize.langdetect.profiles.LanguageProfile;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.rng.core.source32.MersenneTwister;

/**
 * Language identification as IFEval's reference does it: Python's langdetect (Cybozu's algorithm)
 * with its 55 profiles (53 from optimaize's language-detector, which has the same files, and its
 * own Catalan and Welsh), seeded with 0. The n-grams are sampled with the Mersenne Twister that
 * Python's random module uses, drawn the way it draws them, so that short and ambiguous texts get
 * the reference's verdict and not only long ones.
 *
 * <p>{@link #detect} returns the language code, {@code "unknown"} when no language is likely, or
 * empty when the text holds no n-gram of any profile (langdetect's "No features in text", which
 * IFEval's checkers count as followed).
 */
final class LanguageId {

  static final String UNKNOWN = "unknown";

  /** Profile names as langdetect names them (its files), sorted. */
  private static final List<String> PROFILES =
      List.of(
          "af", "ar", "bg", "bn", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et", "fa", "fi",
          "fr", "gu", "he", "hi", "hr", "hu", "id", "it", "ja", "kn", "ko", "lt", "lv", "mk", "ml",
          "mr", "ne", "nl", "no", "pa", "pl", "pt", "ro", "ru", "sk", "sl", "so", "sq", "sv", "sw",
          "ta", "te", "th", "tl", "tr", "uk", "ur", "vi", "zh-cn", "zh-tw");

  // langdetect's constants
  private static final double ALPHA = 0.5;
  private static final double ALPHA_WIDTH = 0.05;
  private static final int ITERATION_LIMIT = 1000;
  private static final double PROB_THRESHOLD = 0.1;
  private static final double CONV_THRESHOLD = 0.99999;
  private static final int BASE_FREQ = 10_000;
  private static final int TRIALS = 7;
  private static final int MAX_TEXT_LENGTH = 10_000;

  private static final Pattern URL = Pattern.compile("https?://[-_.?&~;+=/#0-9A-Za-z]{1,2076}");
  private static final Pattern MAIL =
      Pattern.compile("[-_.0-9A-Za-z]{1,64}@[-_0-9A-Za-z]{1,255}[-_.0-9A-Za-z]{1,255}");

  /** Vietnamese letters and the combining marks langdetect composes with them. */
  private static final String VI_LETTERS = "AEIOUYaeiouyÂÊÔâêôĂăƠơƯư";

  private static final String VI_MARKS = "\u0300\u0301\u0303\u0309\u0323";

  private LanguageId() {}

  static Optional<String> detect(String text) {
    int[] cleaned = clean(prepare(text));
    List<String> ngrams = ngrams(cleaned);
    if (ngrams.isEmpty()) {
      return Optional.empty();
    }
    double[] langprob = new double[PROFILES.size()];
    PyRandom random = new PyRandom();
    for (int t = 0; t < TRIALS; t++) {
      double[] prob = new double[PROFILES.size()];
      Arrays.fill(prob, 1.0 / PROFILES.size());
      double alpha = ALPHA + random.gauss() * ALPHA_WIDTH;
      for (int i = 0; ; i++) {
        double[] wordProb = Profiles.MAP.get(ngrams.get(random.below(ngrams.size())));
        double weight = alpha / BASE_FREQ;
        for (int j = 0; j < prob.length; j++) {
          prob[j] *= weight + wordProb[j];
        }
        if (i % 5 == 0 && (normalize(prob) > CONV_THRESHOLD || i >= ITERATION_LIMIT)) {
          break;
        }
      }
      for (int j = 0; j < langprob.length; j++) {
        langprob[j] += prob[j] / TRIALS;
      }
    }
    int best = -1;
    for (int j = 0; j < langprob.length; j++) {
      if (langprob[j] > PROB_THRESHOLD && (best < 0 || langprob[j] > langprob[best])) {
        best = j;
      }
    }
    return Optional.of(best < 0 ? UNKNOWN : PROFILES.get(best));
  }

  /** URLs and mail addresses out, Vietnamese marks composed, runs of spaces made one, cut. */
  private static int[] prepare(String text) {
    String s = MAIL.matcher(URL.matcher(text).replaceAll(" ")).replaceAll(" ");
    s = composeVietnamese(s);
    int[] cps = s.codePoints().limit(MAX_TEXT_LENGTH).toArray();
    int[] out = new int[cps.length];
    int n = 0;
    int pre = 0;
    for (int cp : cps) {
      if (cp != ' ' || pre != ' ') {
        out[n++] = cp;
      }
      pre = cp;
    }
    return Arrays.copyOf(out, n);
  }

  private static String composeVietnamese(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (i + 1 < s.length()
          && VI_LETTERS.indexOf(c) >= 0
          && VI_MARKS.indexOf(s.charAt(i + 1)) >= 0) {
        out.append(Normalizer.normalize(s.substring(i, i + 2), Normalizer.Form.NFC));
        i++;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Drops ASCII letters (and the few signs between Z and a) when other scripts dominate. */
  private static int[] clean(int[] text) {
    int latin = 0;
    int nonLatin = 0;
    for (int cp : text) {
      if (cp >= 'A' && cp <= 'z') {
        latin++;
      } else if (cp >= 0x300) {
        // langdetect means to spare Latin Extended Additional here, but its block lookup returns a
        // number that never equals the block's name, so every such character counts
        nonLatin++;
      }
    }
    if (latin * 2 >= nonLatin) {
      return text;
    }
    return Arrays.stream(text).filter(cp -> cp < 'A' || cp > 'z').toArray();
  }

  /**
   * The text's 1- to 3-grams that some profile knows, skipping words in capitals after 1 letter.
   */
  private static List<String> ngrams(int[] text) {
    List<String> out = new ArrayList<>();
    int[] grams = new int[3];
    int len = 1;
    grams[0] = ' ';
    boolean capitalWord = false;
    for (int raw : text) {
      int ch = normalize(raw);
      int last = grams[len - 1];
      if (last == ' ') {
        grams[0] = ' ';
        len = 1;
        capitalWord = false;
        if (ch == ' ') {
          continue;
        }
      } else if (len >= 3) {
        grams[0] = grams[1];
        grams[1] = grams[2];
        len = 2;
      }
      grams[len++] = ch;
      if (Character.isUpperCase(ch)) {
        if (Character.isUpperCase(last)) {
          capitalWord = true;
        }
      } else {
        capitalWord = false;
      }
      if (capitalWord) {
        continue;
      }
      for (int n = 1; n <= len; n++) {
        String w = new String(grams, len - n, n);
        if (!w.equals(" ") && Profiles.MAP.containsKey(w)) {
          out.add(w);
        }
      }
    }
    return out;
  }

  /** langdetect's character normalization (Cybozu's, with its Romanian comma letters). */
  private static int normalize(int cp) {
    if (cp > 0xFFFF) {
      return cp;
    }
    if (cp == 0x219) {
      return 0x15F;
    }
    if (cp == 0x21B) {
      return 0x163;
    }
    return CharNormalizer.normalize((char) cp);
  }

  private static double normalize(double[] prob) {
    double sum = 0;
    for (double p : prob) {
      sum += p;
    }
    double max = 0;
    for (int i = 0; i < prob.length; i++) {
      prob[i] /= sum;
      max = Math.max(max, prob[i]);
    }
    return max;
  }

  /** Python's random.Random seeded with 0: random(), gauss() and the draw behind choice(). */
  static final class PyRandom {
    private final MersenneTwister mt = new MersenneTwister(new int[] {0});
    private double nextGauss = Double.NaN;

    double random() {
      long a = Integer.toUnsignedLong(mt.nextInt()) >>> 5;
      long b = Integer.toUnsignedLong(mt.nextInt()) >>> 6;
      return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    double gauss() {
      double z = nextGauss;
      nextGauss = Double.NaN;
      if (Double.isNaN(z)) {
        double x2pi = random() * 2 * Math.PI;
        double g2rad = Math.sqrt(-2.0 * Math.log(1.0 - random()));
        z = Math.cos(x2pi) * g2rad;
        nextGauss = Math.sin(x2pi) * g2rad;
      }
      return z;
    }

    /** A uniform index below n, drawn as Python's _randbelow draws it. */
    int below(int n) {
      int k = 32 - Integer.numberOfLeadingZeros(n);
      while (true) {
        int r = mt.nextInt() >>> (32 - k);
        if (r < n) {
          return r;
        }
      }
    }
  }

  /** The n-gram probabilities of all profiles, loaded once per JVM on first use. */
  private static final class Profiles {
    private static final Set<String> PYTHON_PROFILES = Set.of("ca", "cy");

    static final Map<String, double[]> MAP = load();

    private static Map<String, double[]> load() {
      Map<String, double[]> map = new HashMap<>();
      LanguageProfileReader reader = new LanguageProfileReader();
      for (int i = 0; i < PROFILES.size(); i++) {
        String name = PROFILES.get(i);
        LanguageProfile profile;
        try {
          profile = read(reader, name);
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot load the language profile '" + name + "'", e);
        }
        for (Map.Entry<String, Integer> gram : profile.iterateGrams()) {
          String w = gram.getKey();
          int length = w.codePointCount(0, w.length());
          if (length < 1 || length > 3) {
            continue;
          }
          double[] probs = map.computeIfAbsent(w, k -> new double[PROFILES.size()]);
          probs[i] = (double) gram.getValue() / profile.getNumGramOccurrences(length);
        }
      }
      return map;
    }

    /**
     * optimaize's profile, or for Catalan and Welsh the one Python's langdetect ships (its own
     * resource, Apache License 2.0): optimaize retrained those two, and they differ.
     */
    private static LanguageProfile read(LanguageProfileReader reader, String name)
        throws IOException {
      if (!PYTHON_PROFILES.contains(name)) {
        return reader.readBuiltIn(LdLocale.fromString(optimaizeName(name)));
      }
      try (InputStream in = LanguageId.class.getResourceAsStream("langdetect/" + name)) {
        if (in == null) {
          throw new IOException("langdetect/" + name + " is not on the classpath");
        }
        return reader.read(in);
      }
    }

    private static String optimaizeName(String name) {
      return name.startsWith("zh-") ? "zh-" + name.substring(3).toUpperCase(Locale.ROOT) : name;
    }
  }
}
