package io.sparksdg.prompts.instructions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts sentences as IFEval does: NLTK's Punkt sentence tokenizer with its English model
 * (abbreviations, collocations, sentence starters and the orthographic context of 20,000 words,
 * read from {@code punkt-english.tsv}). Punkt's rules, in its order:
 *
 * <ul>
 *   <li>a candidate end is '.', '?' or '!' followed by closing punctuation (the ASCII quotes and
 *       brackets, and also ‘ ’ “ ” « ») or by whitespace and a next token;
 *   <li>the words around it are cut into tokens; '?' and '!' end a sentence, a word ending in a
 *       period does unless it is a known abbreviation;
 *   <li>after an abbreviation or an ellipsis, a break is made when the next word is usually seen in
 *       lowercase but here capitalised, or is a frequent sentence starter; after an initial or a
 *       number, the break is undone when the next word is usually lowercase;
 *   <li>closing punctuation after a break stays with the sentence it closes.
 * </ul>
 */
final class Sentences {

  private static final int ORTHO_BEG_UC = 1 << 1;
  private static final int ORTHO_MID_UC = 1 << 2;
  private static final int ORTHO_UC = ORTHO_BEG_UC | ORTHO_MID_UC | 1 << 3;
  private static final int ORTHO_BEG_LC = 1 << 4;
  private static final int ORTHO_LC = ORTHO_BEG_LC | 1 << 5 | 1 << 6;

  /** Characters that cannot appear within a word; the curly quotes and guillemets included. */
  private static final String NON_WORD = "(?:[)\";}\\]*:@'({\\[‘’“”«»!?])";

  private static final String MULTI_CHAR = "(?:-{2,}|\\.{2,}|(?:\\.\\s){2,}\\.)";

  private static final Pattern WORD =
      Pattern.compile(
          MULTI_CHAR
              + "|(?=[^(\"`{\\[:;&#*@)}\\]\\-,])\\S+?(?=\\s|$|"
              + NON_WORD
              + "|"
              + MULTI_CHAR
              + "|,(?=$|\\s|"
              + NON_WORD
              + "|"
              + MULTI_CHAR
              + "))|\\S",
          Text.PY);

  private static final Pattern PERIOD_CONTEXT =
      Pattern.compile("[.?!](?=(?<after>" + NON_WORD + "|\\s+(?<next>\\S+)))", Text.PY);

  private static final Pattern REALIGN =
      Pattern.compile("[\"')\\]}‘’“”«»]+?(?:\\s+|(?=--)|$)", Text.PY | Pattern.MULTILINE);

  private static final Pattern NUMERIC = Pattern.compile("^-?[.,]?\\d[\\d,.\\-]*\\.?$", Text.PY);
  private static final Pattern INITIAL = Pattern.compile("^[^\\W\\d]\\.$", Text.PY);
  private static final Pattern ELLIPSIS = Pattern.compile("^\\.\\.+$", Text.PY);
  private static final String PUNCTUATION = ";:,.!?";

  private static final Model MODEL = Model.load();

  private Sentences() {}

  static int count(String text) {
    return split(text).size();
  }

  /** The sentences, as Punkt's tokenize returns them (not stripped). */
  static List<String> split(String text) {
    List<int[]> slices = slices(text);
    List<String> out = new ArrayList<>();
    int realign = 0;
    for (int i = 0; i < slices.size(); i++) {
      int start = slices.get(i)[0] + realign;
      int end = slices.get(i)[1];
      if (i + 1 < slices.size()) {
        int[] next = slices.get(i + 1);
        Matcher m = REALIGN.matcher(text.substring(next[0], Math.max(next[0], next[1])));
        if (m.lookingAt()) {
          // the closing punctuation after the break joins this sentence
          out.add(substring(text, start, next[0] + Text.rstrip(m.group()).length()));
          realign = m.end();
          continue;
        }
      }
      realign = 0;
      if (end > start) {
        out.add(text.substring(start, end));
      }
    }
    return out;
  }

  private static String substring(String text, int start, int end) {
    return end > start ? text.substring(start, end) : "";
  }

  /** The sentences' spans before closing punctuation is realigned. */
  private static List<int[]> slices(String text) {
    List<int[]> out = new ArrayList<>();
    int lastBreak = 0;
    for (Candidate c : candidates(text)) {
      if (containsBreak(c.context)) {
        out.add(new int[] {lastBreak, c.end});
        lastBreak = c.nextStart >= 0 ? c.nextStart : c.end;
      }
    }
    out.add(new int[] {lastBreak, Text.rstrip(text).length()});
    return out;
  }

  private record Candidate(int end, int nextStart, String context) {}

  /** Each possible end with the word before it and what follows, overlapping ones dropped. */
  private static List<Candidate> candidates(String text) {
    List<Candidate> out = new ArrayList<>();
    int prevStart = 0;
    int prevStop = 0;
    Candidate previous = null;
    Matcher m = PERIOD_CONTEXT.matcher(text);
    while (m.find()) {
      int lastSpace = lastAsciiSpace(text, prevStop, m.start());
      int wordStart = lastSpace > 0 ? lastSpace + prevStop + 1 : prevStart;
      if (previous != null && prevStop <= wordStart) {
        out.add(previous);
      }
      previous =
          new Candidate(
              m.end(),
              m.group("next") != null ? m.start("next") : -1,
              text.substring(wordStart, m.start()) + m.group() + m.group("after"));
      prevStart = wordStart;
      prevStop = m.start();
    }
    if (previous != null) {
      out.add(previous);
    }
    return out;
  }

  /** Index in text[from, to) of the last ASCII whitespace, relative to from; 0 when none. */
  private static int lastAsciiSpace(String text, int from, int to) {
    for (int i = to - 1; i >= from; i--) {
      if (" \t\n\r\u000b\f".indexOf(text.charAt(i)) >= 0) {
        return i - from;
      }
    }
    return 0;
  }

  private static final class Token {
    final String tok;
    final String type;
    boolean sentbreak;
    boolean abbr;
    boolean ellipsis;

    Token(String tok) {
      this.tok = tok;
      String lower = Text.lower(tok);
      this.type = NUMERIC.matcher(lower).matches() ? "##number##" : lower;
    }

    boolean periodFinal() {
      return tok.endsWith(".");
    }

    String typeNoPeriod() {
      return type.length() > 1 && type.endsWith(".") ? type.substring(0, type.length() - 1) : type;
    }

    String typeNoSentPeriod() {
      return sentbreak ? typeNoPeriod() : type;
    }

    boolean firstUpper() {
      return Character.isUpperCase(tok.codePointAt(0));
    }

    boolean firstLower() {
      return Character.isLowerCase(tok.codePointAt(0));
    }
  }

  /** Whether the context holds a sentence break followed by another token. */
  private static boolean containsBreak(String context) {
    List<Token> tokens = new ArrayList<>();
    for (String line : context.split("\n", -1)) {
      if (Text.isBlank(line)) {
        continue; // Python's strip() takes U+001C..U+001F for blanks, which \S does not
      }
      Matcher m = WORD.matcher(line);
      while (m.find()) {
        tokens.add(new Token(m.group()));
      }
    }
    for (Token t : tokens) {
      firstPass(t);
    }
    for (int i = 0; i + 1 < tokens.size(); i++) {
      secondPass(tokens.get(i), tokens.get(i + 1));
      if (tokens.get(i).sentbreak) {
        return true;
      }
    }
    return false;
  }

  private static void firstPass(Token t) {
    String tok = t.tok;
    if (tok.equals(".") || tok.equals("?") || tok.equals("!")) {
      t.sentbreak = true;
    } else if (ELLIPSIS.matcher(tok).matches()) {
      t.ellipsis = true;
    } else if (t.periodFinal() && !tok.endsWith("..")) {
      String core = Text.lower(tok.substring(0, tok.length() - 1));
      String afterHyphen = core.substring(core.lastIndexOf('-') + 1);
      if (MODEL.abbreviations.contains(core) || MODEL.abbreviations.contains(afterHyphen)) {
        t.abbr = true;
      } else {
        t.sentbreak = true;
      }
    }
  }

  private static void secondPass(Token t1, Token t2) {
    if (!t1.periodFinal()) {
      return;
    }
    String typ = t1.typeNoPeriod();
    String nextTyp = t2.typeNoSentPeriod();
    boolean initial = INITIAL.matcher(t1.tok).matches();
    if (MODEL.collocations.contains(typ + "\t" + nextTyp)) {
      t1.sentbreak = false;
      t1.abbr = true;
      return;
    }
    if ((t1.abbr || t1.ellipsis) && !initial) {
      Boolean starter = orthoStarter(t2);
      if (Boolean.TRUE.equals(starter)
          || (t2.firstUpper() && MODEL.sentenceStarters.contains(nextTyp))) {
        t1.sentbreak = true;
        return;
      }
    }
    if (initial || typ.equals("##number##")) {
      Boolean starter = orthoStarter(t2);
      if (Boolean.FALSE.equals(starter)) {
        t1.sentbreak = false;
        t1.abbr = true;
      } else if (starter == null
          && initial
          && t2.firstUpper()
          && (MODEL.ortho(nextTyp) & ORTHO_LC) == 0) {
        t1.sentbreak = false;
        t1.abbr = true;
      }
    }
  }

  /** Punkt's orthographic heuristic: true, false, or null for unknown. */
  private static Boolean orthoStarter(Token t) {
    if (PUNCTUATION.contains(t.tok) && t.tok.length() == 1) {
      return false;
    }
    int ortho = MODEL.ortho(t.typeNoSentPeriod());
    if (t.firstUpper() && (ortho & ORTHO_LC) != 0 && (ortho & ORTHO_MID_UC) == 0) {
      return true;
    }
    if (t.firstLower() && ((ortho & ORTHO_UC) != 0 || (ortho & ORTHO_BEG_LC) == 0)) {
      return false;
    }
    return null;
  }

  /** Punkt's English parameters. */
  private record Model(
      Set<String> abbreviations,
      Set<String> sentenceStarters,
      Set<String> collocations,
      Map<String, Integer> orthoContext) {

    int ortho(String type) {
      return orthoContext.getOrDefault(type, 0);
    }

    static final String RESOURCE = "punkt-english.tsv";

    static Model load() {
      Set<String> abbreviations = new HashSet<>();
      Set<String> starters = new HashSet<>();
      Set<String> collocations = new HashSet<>();
      Map<String, Integer> ortho = new HashMap<>();
      InputStream in = Sentences.class.getResourceAsStream(RESOURCE);
      if (in == null) {
        throw new IllegalStateException(
            "Punkt's English model " + RESOURCE + " is not on the classpath");
      }
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          String[] f = line.split("\t", -1);
          switch (f[0]) {
            case "abbrev" -> abbreviations.add(f[1]);
            case "starter" -> starters.add(f[1]);
            case "collocation" -> collocations.add(f[1] + "\t" + f[2]);
            case "ortho" -> ortho.put(f[1], Integer.parseInt(f[2]));
            default -> {} // comments
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read Punkt's English model " + RESOURCE, e);
      }
      return new Model(
          Set.copyOf(abbreviations),
          Set.copyOf(starters),
          Set.copyOf(collocations),
          Map.copyOf(ortho));
    }
  }
}
