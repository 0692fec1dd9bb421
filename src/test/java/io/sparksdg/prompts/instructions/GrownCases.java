package io.sparksdg.prompts.instructions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Agreement cases made from {@link ModelOutput}: for every instruction id, random instances judged
 * against answers that read like model output, shaped so that about half follow the instruction and
 * the rest miss it narrowly. Reproducible from the seed.
 */
final class GrownCases {

  static final long SEED = 20261204L;

  /** Cases per instruction id. */
  static final int PER_ID = 100;

  private GrownCases() {}

  static List<AgreementCases.Case> all() {
    List<AgreementCases.Case> cases = new ArrayList<>();
    Random rnd = new Random(SEED);
    ModelOutput out = new ModelOutput(rnd);
    for (String id : InstructionRegistry.ids()) {
      for (int k = 0; k < PER_ID; k++) {
        if (k % 2 == 0 && COUNTED.contains(id)) {
          cases.add(tight(id, k, out));
          continue;
        }
        VerifiableInstruction instruction = instance(id, rnd, k);
        String prompt =
            instruction instanceof Combination.RepeatPrompt r
                ? r.promptToRepeat()
                : AgreementCases.PROMPT;
        String response = k % 4 == 3 ? out.answer() : shaped(instruction, out);
        cases.add(new AgreementCases.Case(id + "/grown-" + k, instruction, prompt, response));
      }
    }
    return cases;
  }

  /** Instructions on a count, tested at the count we find, where a difference shows. */
  private static final Set<String> COUNTED =
      Set.of(
          Length.NumberSentences.ID,
          Length.NumberWords.ID,
          ChangeCase.CapitalWordFrequency.ID,
          Language.ResponseLanguage.ID);

  private static AgreementCases.Case tight(String id, int k, ModelOutput out) {
    if (id.equals(Language.ResponseLanguage.ID)) {
      return tightLanguage(k, out);
    }
    String text =
        switch (out.nextInt(3)) {
          case 0 -> out.answer();
          case 1 -> out.prose(out.language(), 1 + out.nextInt(8));
          default -> out.fragments();
        };
    if (id.equals(ChangeCase.CapitalWordFrequency.ID) && out.nextBoolean()) {
      text = text.toUpperCase(Locale.ROOT);
    }
    int found =
        switch (id) {
          case Length.NumberSentences.ID -> Sentences.count(text);
          case Length.NumberWords.ID -> Text.countWords(text);
          default -> (int) ChangeCase.wordTokens(text).stream().filter(Text::isUpper).count();
        };
    int threshold = Math.max(1, found + out.nextInt(2));
    String relation = out.nextBoolean() ? "less than" : "at least";
    Map<String, Object> params =
        switch (id) {
          case Length.NumberSentences.ID ->
              Map.of("num_sentences", threshold, "relation", relation);
          case Length.NumberWords.ID -> Map.of("num_words", threshold, "relation", relation);
          default -> Map.of("capital_frequency", threshold, "capital_relation", relation);
        };
    return new AgreementCases.Case(
        id + "/grown-" + k, InstructionRegistry.create(id, params), AgreementCases.PROMPT, text);
  }

  /** A short text judged against the language we detect, where a different detection shows. */
  private static AgreementCases.Case tightLanguage(int k, ModelOutput out) {
    String lang = out.language();
    String text =
        switch (out.nextInt(5)) {
          case 0 -> out.word(lang);
          case 1 -> out.word(lang) + " " + out.word(lang);
          case 2 -> out.sentence(lang).toUpperCase(Locale.ROOT);
          case 3 -> ModelOutput.SHORT.get(out.nextInt(ModelOutput.SHORT.size()));
          default -> out.sentence(lang);
        };
    List<String> codes = List.copyOf(new TreeSet<>(Language.LANGUAGES.keySet()));
    String code =
        LanguageId.detect(text)
            .filter(Language.LANGUAGES::containsKey)
            .orElse(codes.get(out.nextInt(codes.size())));
    return new AgreementCases.Case(
        Language.ResponseLanguage.ID + "/grown-" + k,
        new Language.ResponseLanguage(code),
        AgreementCases.PROMPT,
        text);
  }

  /** A random instance, now and then with parameters a hand-made prompt might carry. */
  private static VerifiableInstruction instance(String id, Random rnd, int k) {
    if (k % 9 == 4) {
      List<String> odd = List.of("a.b", "(harbor)", "c++", "naïve", "don’t", "U.S.", "日本");
      String word = odd.get(rnd.nextInt(odd.size()));
      if (id.equals(Keywords.Existence.ID) || id.equals(Keywords.ForbiddenWords.ID)) {
        return InstructionRegistry.create(id, Map.of(key(id), List.of(word)));
      }
      if (id.equals(Keywords.Frequency.ID)) {
        return InstructionRegistry.create(
            id, Map.of("keyword", word, "frequency", 1 + rnd.nextInt(3), "relation", "at least"));
      }
      if (id.equals(Length.NthParagraphFirstWord.ID)) {
        return InstructionRegistry.create(
            id, Map.of("num_paragraphs", 2, "nth_paragraph", 2, "first_word", "don’t"));
      }
    }
    return InstructionRegistry.random(id, rnd);
  }

  private static String key(String id) {
    return id.equals(Keywords.Existence.ID) ? "keywords" : "forbidden_words";
  }

  /** An answer aimed at the instruction: it follows it, or nearly. */
  static String shaped(VerifiableInstruction instruction, ModelOutput out) {
    String lang = out.language();
    boolean hit = out.nextBoolean();
    int delta = hit ? 0 : (out.nextBoolean() ? 1 : -1);
    if (instruction instanceof Keywords.Existence e) {
      StringBuilder sb = new StringBuilder(out.paragraph(lang));
      for (String k : e.keywords()) {
        if (hit || out.nextBoolean()) {
          sb.append(' ').append(decorate(out, k)).append(' ').append(out.sentence(lang));
        }
      }
      return sb.toString();
    }
    if (instruction instanceof Keywords.Frequency f) {
      return withWord(out, lang, f.keyword(), Math.max(0, f.frequency() + delta));
    }
    if (instruction instanceof Keywords.ForbiddenWords f) {
      String body = out.paragraphs(lang, 2, "\n\n");
      return hit ? body : body + " " + decorate(out, f.forbiddenWords().get(0)) + ".";
    }
    if (instruction instanceof Keywords.LetterFrequency l) {
      String body = out.paragraph(lang);
      long have =
          body.toLowerCase(Locale.ROOT).chars().filter(c -> c == l.letter().charAt(0)).count();
      StringBuilder sb = new StringBuilder(body);
      for (long i = have; i < l.letFrequency() + delta; i++) {
        sb.append(' ').append(out.nextBoolean() ? l.letter() : l.letter().toUpperCase(Locale.ROOT));
      }
      return sb.toString();
    }
    if (instruction instanceof Length.NumberSentences s) {
      return out.prose(lang, Math.max(1, s.numSentences() + delta));
    }
    if (instruction instanceof Length.NumberParagraphs p) {
      String sep = out.nextBoolean() ? "\n\n***\n\n" : "\n***\n";
      return out.paragraphs(lang, Math.max(1, p.numParagraphs() + delta), sep);
    }
    if (instruction instanceof Length.NumberWords w) {
      return wordsNear(out, lang, w.numWords() + delta);
    }
    if (instruction instanceof Length.NthParagraphFirstWord p) {
      List<String> paras = new ArrayList<>();
      int n = Math.max(1, p.numParagraphs() + (hit ? 0 : out.nextInt(2)));
      for (int i = 1; i <= n; i++) {
        String first = i == p.nthParagraph() ? decorate(out, p.firstWord()) : out.word(lang);
        paras.add(first + " " + out.paragraph(lang));
      }
      return String.join("\n\n", paras);
    }
    if (instruction instanceof Content.NumberPlaceholders p) {
      StringBuilder sb = new StringBuilder(out.paragraph(lang));
      for (int i = 0; i < p.numPlaceholders() + delta; i++) {
        sb.append(' ').append('[').append(out.word(lang)).append("] ").append(out.sentence(lang));
      }
      return sb.toString();
    }
    if (instruction instanceof Content.Postscript p) {
      String marker = hit ? p.postscriptMarker() : p.postscriptMarker().replace(".", "");
      return out.paragraphs(lang, 2, "\n\n") + "\n\n" + marker + " " + out.sentence(lang);
    }
    if (instruction instanceof Format.NumberBulletLists b) {
      StringBuilder sb = new StringBuilder(out.sentence(lang)).append('\n');
      for (int i = 0; i < b.numBullets() + delta; i++) {
        sb.append(out.nextBoolean() ? "* " : "- ").append(out.sentence(lang)).append('\n');
      }
      return sb.append('\n').append(out.paragraph(lang)).toString();
    }
    if (instruction instanceof Format.ConstrainedResponse) {
      List<String> options =
          List.of(
              "My answer is yes.", "My answer is no.", "My answer is maybe.", "My answer is Yes");
      return (hit ? "" : out.sentence(lang) + " ") + options.get(out.nextInt(options.size()));
    }
    if (instruction instanceof Format.NumberHighlightedSections h) {
      StringBuilder sb = new StringBuilder(out.paragraph(lang));
      for (int i = 0; i < h.numHighlights() + delta; i++) {
        String w = out.word(lang);
        sb.append(out.nextBoolean() ? " *" + w + "* " : " **" + w + "** ")
            .append(out.sentence(lang));
      }
      return sb.toString();
    }
    if (instruction instanceof Format.MultipleSections s) {
      StringBuilder sb = new StringBuilder();
      for (int i = 1; i <= s.numSections() + delta; i++) {
        sb.append(out.nextBoolean() ? "## " : "").append(s.sectionSpliter()).append(' ').append(i);
        sb.append('\n').append(out.paragraph(lang)).append("\n\n");
      }
      return sb.toString();
    }
    if (instruction instanceof Format.JsonFormat) {
      String json =
          "{\"answer\": \""
              + out.sentence(lang).replace("\"", "\\\"")
              + "\", \"n\": "
              + out.nextInt(9)
              + "}";
      return switch (out.nextInt(4)) {
        case 0 -> json;
        case 1 -> "```json\n" + json + "\n```";
        case 2 -> "Here it is:\n" + json;
        default -> json.replace("}", ",}");
      };
    }
    if (instruction instanceof Format.Title) {
      String title = hit ? "<<" + out.sentence(lang) + ">>" : "# " + out.sentence(lang);
      return title + "\n\n" + out.paragraph(lang);
    }
    if (instruction instanceof Combination.TwoResponses) {
      String a = out.paragraph(lang);
      String b = hit ? out.paragraph(lang) : a;
      return a + "\n******\n" + b;
    }
    if (instruction instanceof Combination.RepeatPrompt r) {
      String head = hit ? r.promptToRepeat() : r.promptToRepeat().replace(".", "…");
      return head + "\n\n" + out.paragraph(lang);
    }
    if (instruction instanceof StartEnd.EndChecker e) {
      String end = hit ? e.endPhrase() : e.endPhrase() + " " + out.word(lang);
      return out.paragraph(lang) + " " + end + (out.nextBoolean() ? "" : "\n");
    }
    if (instruction instanceof StartEnd.Quotation) {
      String body = out.paragraph(lang);
      return hit ? "\"" + body + "\"" : "“" + body + "”";
    }
    if (instruction instanceof ChangeCase.CapitalWordFrequency c) {
      return capitals(out, lang, c.capitalFrequency() + delta);
    }
    if (instruction instanceof ChangeCase.EnglishCapital) {
      String text = out.nextInt(3) == 0 ? shortOne(out) : out.paragraph(hit ? "en" : lang);
      return text.toUpperCase(Locale.ROOT);
    }
    if (instruction instanceof ChangeCase.EnglishLowercase) {
      String text = out.nextInt(3) == 0 ? shortOne(out) : out.paragraph(hit ? "en" : lang);
      return text.toLowerCase(Locale.ROOT);
    }
    if (instruction instanceof Language.ResponseLanguage l) {
      if (out.nextInt(5) == 0) {
        return shortOne(out);
      }
      return hit ? out.paragraphs(l.language(), 1 + out.nextInt(2), "\n\n") : out.paragraph(lang);
    }
    if (instruction instanceof Punctuation.NoComma) {
      String body = out.paragraph(lang);
      return hit ? body.replace(",", "") : body;
    }
    throw new IllegalStateException("No shaped answer for " + instruction.id());
  }

  private static String shortOne(ModelOutput out) {
    return ModelOutput.SHORT.get(out.nextInt(ModelOutput.SHORT.size()));
  }

  /** The word as a model may set it: bold, quoted, capitalised, possessive, in a longer word. */
  private static String decorate(ModelOutput out, String word) {
    return switch (out.nextInt(7)) {
      case 0 -> "**" + word + "**";
      case 1 -> "“" + word + "”";
      case 2 -> word.toUpperCase(Locale.ROOT);
      case 3 -> word + "’s";
      case 4 -> Character.toUpperCase(word.charAt(0)) + word.substring(1);
      case 5 -> "«" + word + "»";
      default -> word;
    };
  }

  private static String withWord(ModelOutput out, String lang, String word, int times) {
    StringBuilder sb = new StringBuilder(out.sentence(lang));
    for (int i = 0; i < times; i++) {
      sb.append(' ').append(decorate(out, word)).append(out.nextBoolean() ? "," : "");
      if (out.nextInt(3) == 0) {
        sb.append(' ').append(out.sentence(lang));
      }
    }
    return sb.toString();
  }

  /** Text whose word count, as we count it, is n (or a little past it on a last sentence). */
  private static String wordsNear(ModelOutput out, String lang, int n) {
    StringBuilder sb = new StringBuilder();
    while (Text.countWords(sb.toString()) < n) {
      String next = out.sentence(out.nextInt(4) == 0 ? out.language() : lang);
      String candidate = sb + (sb.length() == 0 ? "" : " ") + next;
      if (Text.countWords(candidate) > n) {
        // fill the rest with words of the sentence, one at a time
        for (String w : next.split(" ")) {
          String more = sb + (sb.length() == 0 ? "" : " ") + w;
          if (Text.countWords(more) > n) {
            break;
          }
          sb.setLength(0);
          sb.append(more);
        }
        if (Text.countWords(sb.toString()) < n) {
          sb.append(" end");
        }
        break;
      }
      sb.setLength(0);
      sb.append(candidate);
      if (out.nextInt(5) == 0) {
        sb.append("\n\n");
      }
    }
    return sb.toString().strip();
  }

  private static String capitals(ModelOutput out, String lang, int n) {
    List<String> loud =
        List.of(
            "DON’T",
            "HELLO...WORLD",
            "STOP—NOW",
            "U.S.A.",
            "NOTE:",
            "OK--FINE",
            "RSVP",
            "I’M",
            "C’EST",
            "ÉTÉ",
            "ΣΟΦΙΑ",
            "КРАСНЫЙ",
            "A-B",
            "(WARNING)",
            "“YES”",
            "NASA’s");
    StringBuilder sb = new StringBuilder(out.sentence(lang));
    for (int i = 0; i < Math.max(0, n); i++) {
      sb.append(' ').append(out.nextInt(3) == 0 ? loud.get(out.nextInt(loud.size())) : "LOUD");
      if (out.nextInt(4) == 0) {
        sb.append(' ').append(out.sentence(lang));
      }
    }
    return sb.toString();
  }
}
