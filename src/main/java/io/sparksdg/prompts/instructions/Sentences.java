package io.sparksdg.prompts.instructions;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Counts sentences the way IFEval does, which is NLTK's Punkt tokenizer with its English model.
 * This is a compact rule set reproducing Punkt's decisions on ordinary text, not a port:
 *
 * <ul>
 *   <li>a candidate end is '.', '?' or '!' followed by whitespace and more text, or by closing
 *       punctuation;
 *   <li>'?' and '!' always end a sentence;
 *   <li>a period ends one unless the word before it is a known abbreviation ("Mr.", "U.S.") or an
 *       ellipsis, not followed by a usual sentence starter ("The", "However"); a single-letter
 *       initial; or a number followed by a lowercase word.
 * </ul>
 *
 * Punkt also weighs how often the next word was seen capitalized in its training corpus; that
 * rarely matters for generated answers and is left out.
 */
final class Sentences {

  /** Abbreviations of Punkt's English model (lowercase, without the final period). */
  private static final Set<String> ABBREVIATIONS =
      Set.of(
          "a.a", "a.c", "a.d", "a.g", "a.h", "a.m", "a.m.e", "a.s", "a.t", "adm", "ala", "ariz",
          "aug", "ave", "b.f", "b.v", "bros", "c", "c.i.t", "c.o.m.b", "c.v", "calif", "chg", "cie",
          "co", "col", "colo", "conn", "corp", "cos", "ct", "d", "d.c", "d.h", "d.w", "dec", "dr",
          "e", "e.f", "e.h", "e.l", "e.m", "f", "f.g", "f.j", "feb", "fla", "fri", "ft", "g", "g.d",
          "g.f", "g.k", "ga", "gen", "h", "h.c", "h.f", "h.m", "i.m.s", "ill", "inc", "j.b", "j.c",
          "j.j", "j.k", "j.p", "j.r", "jan", "jr", "k", "kan", "ky", "l", "l.a", "l.f", "l.p", "lt",
          "ltd", "m", "m.b.a", "m.d.c", "m.j", "maj", "messrs", "mg", "mich", "minn", "mr", "mrs",
          "ms", "n", "n.c", "n.d", "n.h", "n.j", "n.m", "n.v", "n.y", "nev", "nov", "oct", "ok",
          "okla", "ore", "p", "p.a.m", "p.m", "pa", "ph.d", "prof", "r", "r.a", "r.h", "r.i", "r.j",
          "r.k", "r.t", "rep", "reps", "s", "s.a", "s.a.y", "s.c", "s.g", "s.p.a", "s.s", "sen",
          "sep", "sept", "sr", "st", "sw", "t", "t.j", "tenn", "tues", "u.k", "u.n", "u.s", "u.s.a",
          "u.s.s.r", "v", "va", "vs", "vt", "w", "w.c", "w.r", "w.va", "w.w", "wash", "wed", "wis",
          "yr");

  /** Words that Punkt's English model takes as starting a sentence even after an abbreviation. */
  private static final Set<String> SENTENCE_STARTERS =
      Set.of(
          "according",
          "although",
          "among",
          "both",
          "but",
          "despite",
          "even",
          "he",
          "however",
          "i",
          "if",
          "in",
          "indeed",
          "instead",
          "it",
          "many",
          "meanwhile",
          "moreover",
          "most",
          "nevertheless",
          "nonetheless",
          "nor",
          "sales",
          "separately",
          "similarly",
          "since",
          "so",
          "some",
          "the",
          "there",
          "these",
          "they",
          "this",
          "though",
          "thus",
          "under",
          "when",
          "while",
          "yet");

  /**
   * Characters Punkt never treats as part of a word; the curly quotes and guillemets are closing
   * punctuation to it, like the ASCII quotes, so "“Stop.” Then" ends a sentence after the quote.
   */
  private static final String NON_WORD = ")\";}]*:@'({[!?‘’“”«»";

  /** Characters that cannot start a Punkt word token. */
  private static final String NO_WORD_START = "(\"`{[:;&#*@)}]-,";

  private static final Pattern NUMBER = Pattern.compile("^-?[.,]?\\d[\\d,.\\-]*\\.?$", Text.PY);
  private static final Pattern INITIAL = Pattern.compile("^[\\p{L}]\\.$", Text.PY);

  private Sentences() {}

  static int count(String text) {
    if (text.isEmpty()) {
      return 0;
    }
    int breaks = 0;
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (c != '.' && c != '?' && c != '!') {
        i++;
        continue;
      }
      // The run of non-space characters holding this end mark is one candidate: its last end mark
      // followed by punctuation or by whitespace and a next token decides.
      int wordStart = i;
      while (wordStart > 0 && !Text.isSpace(text.charAt(wordStart - 1))) {
        wordStart--;
      }
      int wordEnd = i;
      while (wordEnd < n && !Text.isSpace(text.charAt(wordEnd))) {
        wordEnd++;
      }
      int next = wordEnd;
      while (next < n && Text.isSpace(text.charAt(next))) {
        next++;
      }
      String chunk = text.substring(wordStart, wordEnd);
      String nextToken = next < n ? text.substring(next, nextSpace(text, next)) : "";
      if (endsSentence(chunk, nextToken)) {
        breaks++;
      }
      i = wordEnd;
    }
    return breaks + 1;
  }

  private static int nextSpace(String text, int from) {
    int j = from;
    while (j < text.length() && !Text.isSpace(text.charAt(j))) {
      j++;
    }
    return j;
  }

  /** Whether a whitespace-delimited chunk holding an end mark ends a sentence before nextToken. */
  private static boolean endsSentence(String chunk, String nextToken) {
    int last = lastCandidate(chunk, !nextToken.isEmpty());
    if (last < 0) {
      return false;
    }
    String upTo = chunk.substring(0, last + 1);
    boolean followedInChunk = last + 1 < chunk.length();
    if (upTo.indexOf('?') >= 0 || upTo.indexOf('!') >= 0) {
      return true; // '?' and '!' are tokens of their own and always end a sentence
    }
    if (chunk.charAt(last) != '.') {
      return false;
    }
    String word = Text.lstrip(upTo, NO_WORD_START);
    // the word inside the chunk starts at the last non-word character before the period, or after
    // it when that character cannot start a word ("(Dr." is "(" and "Dr.", "“Dr." one token)
    int cut = lastNonWord(word);
    if (cut >= 0) {
      word = word.substring(NO_WORD_START.indexOf(word.charAt(cut)) >= 0 ? cut + 1 : cut);
    }
    String following = followedInChunk ? chunk.substring(last + 1) : nextToken;
    if (word.endsWith("..")) {
      return startsSentence(following);
    }
    if (word.length() <= 1) {
      return true;
    }
    String core = Text.lower(word.substring(0, word.length() - 1));
    String afterHyphen = core.substring(core.lastIndexOf('-') + 1);
    if (ABBREVIATIONS.contains(core) || ABBREVIATIONS.contains(afterHyphen)) {
      return startsSentence(following);
    }
    if (INITIAL.matcher(word).matches()) {
      return false;
    }
    if (NUMBER.matcher(word).matches()) {
      return !startsLower(following);
    }
    return true;
  }

  /** Index of the end mark that Punkt would test in this chunk, or -1 if none qualifies. */
  private static int lastCandidate(String chunk, boolean hasNextToken) {
    int found = -1;
    for (int k = 0; k < chunk.length(); k++) {
      char c = chunk.charAt(k);
      if (c != '.' && c != '?' && c != '!') {
        continue;
      }
      boolean atEnd = k + 1 == chunk.length();
      if ((atEnd && hasNextToken) || (!atEnd && NON_WORD.indexOf(chunk.charAt(k + 1)) >= 0)) {
        found = k;
      }
    }
    return found;
  }

  private static int lastNonWord(String word) {
    for (int k = word.length() - 2; k >= 0; k--) {
      if (NON_WORD.indexOf(word.charAt(k)) >= 0) {
        return k;
      }
    }
    return -1;
  }

  /** After an abbreviation or an ellipsis, only a capitalized usual sentence starter breaks. */
  private static boolean startsSentence(String token) {
    return startsUpper(token)
        && SENTENCE_STARTERS.contains(Text.lower(Text.lstrip(token, NON_WORD)));
  }

  private static boolean startsUpper(String token) {
    return !token.isEmpty() && Character.isUpperCase(token.codePointAt(0));
  }

  private static boolean startsLower(String token) {
    return !token.isEmpty() && Character.isLowerCase(token.codePointAt(0));
  }
}
