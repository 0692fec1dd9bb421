package io.sparksdg.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plausible-looking simulated text: answers, short phrases, and near-duplicate variants. */
final class TextGen {

  static final String MARK = "[simulated] ";

  private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z-]{5,}");
  private static final List<String> STOPWORDS =
      List.of(
          "please",
          "should",
          "answer",
          "question",
          "following",
          "between",
          "without",
          "through",
          "written",
          "write",
          "explain",
          "describe",
          "provide",
          "response",
          "simulated",
          "detailed",
          "specific",
          "exactly",
          "because",
          "another",
          "something",
          "whether",
          "include");

  private TextGen() {}

  /** A short topical phrase such as "quantum gardening networks for beginners". */
  static String topic(SplittableRandom random) {
    return Vocabulary.pick(Vocabulary.ADJECTIVES, random)
        + " "
        + Vocabulary.pick(Vocabulary.DOMAINS, random)
        + " "
        + Vocabulary.pick(Vocabulary.NOUNS, random)
        + Vocabulary.pick(Vocabulary.SUFFIXES, random);
  }

  /** One sentence of 9 to 20 words ending with a full stop. */
  static String sentence(SplittableRandom random) {
    StringBuilder out = new StringBuilder();
    String opener = Vocabulary.pick(Vocabulary.OPENERS, random);
    if (!opener.isEmpty()) {
      out.append(opener).append(' ');
    }
    String adjective = Vocabulary.pick(Vocabulary.ADJECTIVES, random);
    out.append(opener.isEmpty() ? capitalize(adjective) : adjective)
        .append(' ')
        .append(Vocabulary.pick(Vocabulary.DOMAINS, random))
        .append(' ')
        .append(Vocabulary.pick(Vocabulary.NOUNS, random))
        .append(' ')
        .append(Vocabulary.pick(Vocabulary.VERBS, random))
        .append(" the ")
        .append(Vocabulary.pick(Vocabulary.ADJECTIVES, random))
        .append(' ')
        .append(Vocabulary.pick(Vocabulary.NOUNS, random))
        .append(" of ")
        .append(Vocabulary.pick(Vocabulary.DOMAINS, random));
    if (random.nextInt(3) == 0) {
      out.append(", which ")
          .append(Vocabulary.pick(Vocabulary.VERBS, random))
          .append(" how ")
          .append(Vocabulary.pick(Vocabulary.NOUNS, random))
          .append(" ")
          .append(random.nextBoolean() ? "evolve" : "are used");
    }
    return out.append('.').toString();
  }

  /**
   * A multi-sentence answer starting with {@link #MARK}, 2 to 10 sentences in paragraphs of up to
   * three, mentioning up to two keywords of the prompt.
   */
  static String answer(String prompt, SplittableRandom random) {
    StringBuilder out = new StringBuilder(MARK);
    List<String> keywords = keywords(prompt, random);
    if (!keywords.isEmpty()) {
      out.append("Here is a response about ").append(String.join(" and ", keywords)).append(". ");
    }
    int sentences = 2 + random.nextInt(9);
    for (int i = 0; i < sentences; i++) {
      if (i > 0) {
        out.append(i % 3 == 0 ? "\n\n" : " ");
      }
      out.append(sentence(random));
    }
    return out.toString();
  }

  /** A short simulated chain of thought: {@link #MARK}, then 2 to 4 sentences. */
  static String reasoning(SplittableRandom random) {
    StringBuilder out = new StringBuilder(MARK).append("Let me think this through.");
    int sentences = 2 + random.nextInt(3);
    for (int i = 0; i < sentences; i++) {
      out.append(' ').append(sentence(random));
    }
    return out.toString();
  }

  /** Up to two distinct longer words of the text, chosen deterministically. */
  static List<String> keywords(String text, SplittableRandom random) {
    List<String> candidates = new ArrayList<>();
    Matcher matcher = WORD.matcher(text == null ? "" : text);
    while (matcher.find() && candidates.size() < 200) {
      String word = matcher.group().toLowerCase(Locale.ROOT);
      if (!STOPWORDS.contains(word) && !candidates.contains(word)) {
        candidates.add(word);
      }
    }
    List<String> chosen = new ArrayList<>();
    while (!candidates.isEmpty() && chosen.size() < 2) {
      chosen.add(candidates.remove(random.nextInt(candidates.size())));
    }
    return chosen;
  }

  /** Text cut to its first {@code words} words, or unchanged when it is shorter. */
  static String firstWords(String text, int words) {
    String[] parts = text.split(" ", -1);
    if (parts.length <= words) {
      return text;
    }
    return String.join(" ", java.util.Arrays.copyOf(parts, Math.max(1, words)));
  }

  static int wordCount(String text) {
    String trimmed = text.strip();
    return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
  }

  /** A token estimate: about 1.3 tokens per word, at least one for non-empty text. */
  static int tokens(String text) {
    int words = wordCount(text);
    return words == 0 ? 0 : (int) Math.ceil(words * 1.3);
  }

  /**
   * The text verbatim or a near-duplicate of it (same words, different case or punctuation),
   * keeping a leading {@link #MARK}.
   */
  static String variant(String text, int kind) {
    boolean marked = text.startsWith(MARK);
    String body = marked ? text.substring(MARK.length()) : text;
    String varied =
        switch (Math.floorMod(kind, 5)) {
          case 0 -> body;
          case 1 -> body.toLowerCase(Locale.ROOT);
          case 2 -> stripTrailingPunctuation(body) + "!";
          case 3 -> body.replace(":", " -").replace(",", "");
          default -> capitalizeWords(body);
        };
    return marked ? MARK + varied : varied;
  }

  static String capitalize(String word) {
    return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  private static String capitalizeWords(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean start = true;
    for (char c : text.toCharArray()) {
      out.append(start ? Character.toUpperCase(c) : c);
      start = c == ' ';
    }
    return out.toString();
  }

  private static String stripTrailingPunctuation(String text) {
    int end = text.length();
    while (end > 0 && ".!?".indexOf(text.charAt(end - 1)) >= 0) {
      end--;
    }
    return text.substring(0, end);
  }
}
